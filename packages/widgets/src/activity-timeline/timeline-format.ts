/**
 * Dates, times and durations for the timeline, through `Intl` in one locale and time zone. The
 * formatters are made once per locale and zone: a long timeline formats thousands of entries.
 */

const day = 86_400_000;
// Every time zone's offset is a whole number of quarter hours, so all instants of one UTC quarter
// hour fall on the same local date: the day of an entry is cached per quarter hour.
const quarterHour = 900_000;

function capitalize(text: string, locale: string): string {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}

/** Formats the timeline's dates, times and durations for one locale and time zone. */
export class TimelineFormat {
  private readonly dayParts: Intl.DateTimeFormat | undefined;
  private readonly dayCache = new Map<number, string>();
  private readonly timeFormat: Intl.DateTimeFormat;
  private readonly dateTimeFormat: Intl.DateTimeFormat;
  private readonly headingFormat: Intl.DateTimeFormat;
  private readonly relative: Intl.RelativeTimeFormat;
  private readonly list: Intl.ListFormat;
  private readonly units = new Map<string, Intl.NumberFormat>();
  // Rows re-render on every scroll step: their times are formatted once.
  private readonly texts = new Map<string, string>();

  constructor(
    readonly locale: string,
    /** An IANA time zone; `undefined` (or one `Intl` does not know) means the browser's. */
    timeZone: string | undefined,
  ) {
    const zone = timeZone && isTimeZone(timeZone) ? { timeZone } : {};
    this.dayParts = zone.timeZone ? new Intl.DateTimeFormat('en-US', { ...zone, year: 'numeric', month: 'numeric', day: 'numeric' }) : undefined;
    this.timeFormat = new Intl.DateTimeFormat(locale, { ...zone, timeStyle: 'short' });
    this.dateTimeFormat = new Intl.DateTimeFormat(locale, { ...zone, dateStyle: 'medium', timeStyle: 'short' });
    // Headings format a day key, which is already in the chosen zone: read it back in UTC.
    this.headingFormat = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'full' });
    this.relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
    this.list = new Intl.ListFormat(locale, { style: 'long', type: 'unit' });
  }

  /** The calendar day of an instant in the time zone, as `YYYY-MM-DD`. */
  dayKey(at: string | number | Date): string {
    const ms = typeof at === 'number' ? at : typeof at === 'string' ? Date.parse(at) : at.getTime();
    if (!Number.isFinite(ms)) return 'invalid';
    const bucket = Math.floor(ms / quarterHour);
    const cached = this.dayCache.get(bucket);
    if (cached) return cached;
    let key: string;
    if (this.dayParts) {
      const parts: Record<string, string> = {};
      for (const part of this.dayParts.formatToParts(ms)) parts[part.type] = part.value;
      key = `${parts.year}-${(parts.month ?? '').padStart(2, '0')}-${(parts.day ?? '').padStart(2, '0')}`;
    } else {
      const date = new Date(ms);
      key = `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
    }
    this.dayCache.set(bucket, key);
    return key;
  }

  /** A day heading: "Today", "Yesterday" (through `Intl.RelativeTimeFormat`), else the full date. */
  dayHeading(dayKey: string, todayKey: string): string {
    const dayMs = keyToUtc(dayKey);
    if (!Number.isFinite(dayMs)) return dayKey;
    const offset = Math.round((dayMs - keyToUtc(todayKey)) / day);
    if (offset === 0 || offset === -1) return capitalize(this.relative.format(offset, 'day'), this.locale);
    return this.headingFormat.format(dayMs);
  }

  /** The time of day of an instant. */
  time(at: string): string {
    return this.cached('t', at, this.timeFormat);
  }

  /** The date and time of an instant. */
  dateTime(at: string): string {
    return this.cached('d', at, this.dateTimeFormat);
  }

  private cached(kind: string, at: string, format: Intl.DateTimeFormat): string {
    const key = kind + at;
    let text = this.texts.get(key);
    if (text === undefined) {
      const ms = Date.parse(at);
      text = Number.isFinite(ms) ? format.format(ms) : '';
      // Bounded: what a screenful of rows needs, many times over.
      if (this.texts.size >= 2000) this.texts.clear();
      this.texts.set(key, text);
    }
    return text;
  }

  /** A duration in words: "45 seconds", "12 minutes", "1 hour, 30 minutes". */
  duration(seconds: number): string {
    if (seconds < 60) return this.unit('second').format(seconds);
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) return this.unit('minute').format(minutes);
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest ? this.list.format([this.unit('hour').format(hours), this.unit('minute').format(rest)]) : this.unit('hour').format(hours);
  }

  private unit(unit: 'second' | 'minute' | 'hour'): Intl.NumberFormat {
    let format = this.units.get(unit);
    if (!format) {
      format = new Intl.NumberFormat(this.locale, { style: 'unit', unit, unitDisplay: 'long' });
      this.units.set(unit, format);
    }
    return format;
  }
}

function keyToUtc(key: string): number {
  const [year, month, date] = key.split('-').map(Number);
  return Date.UTC(year as number, (month as number) - 1, date as number);
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
