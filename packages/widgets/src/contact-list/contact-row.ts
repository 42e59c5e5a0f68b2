import type { Contact } from '@rapport/core';
import { html, render } from 'lit';
import type { ContactListStrings } from './contact-list.strings.js';

/** What sorting by each choice orders on. */
export type ContactSort = 'name' | 'company' | 'score' | 'created';

/** The columns, in order, and the sort each one shows as `aria-sort`. */
export const columns = [
  { label: 'colName', sort: 'name' },
  { label: 'colCompany', sort: 'company' },
  { label: 'colTitle' },
  { label: 'colStage' },
  { label: 'colScore', sort: 'score' },
  { label: 'colOwner' },
] as const satisfies readonly { label: keyof ContactListStrings; sort?: ContactSort }[];

/** The number formats of one locale. */
export interface Formats {
  readonly locale: string;
  readonly number: Intl.NumberFormat;
  readonly score: Intl.NumberFormat;
  readonly plural: Intl.PluralRules;
}

/** Makes the number formats of `locale` (once per locale: rows are rendered on every scrolled frame). */
export function formatsFor(locale: string): Formats {
  return { locale, number: new Intl.NumberFormat(locale), score: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }), plural: new Intl.PluralRules(locale) };
}

/** What a row needs from its list besides its contact. */
export interface RowContext {
  /** The list's strings, overrides applied. */
  readonly t: (key: keyof ContactListStrings & string, values?: Readonly<Record<string, string | number>>) => string;
  readonly formats: Formats;
  /** Display names by owner id. */
  readonly ownerNames: ReadonlyMap<string, string>;
  readonly selectedId: string | undefined;
  /** The index of the row that holds the tab stop. */
  readonly activeIndex: number;
  /** What Lit binds `this` to in the row's template. */
  readonly host: object;
}

/** An empty row element. */
export function newRow(): HTMLElement {
  const row = document.createElement('div');
  row.className = 'row';
  row.setAttribute('role', 'row');
  return row;
}

/** Sets an attribute only when it changes, so that unchanged rows cause no style work. */
function setAttr(element: Element, name: string, value: string | undefined): void {
  if (value === undefined) element.removeAttribute(name);
  else if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}

const firstChar = (text: string | undefined) => (text ? (Array.from(text.trim())[0] ?? '') : '');

/**
 * Brings the element of row `index` up to date: its grid attributes, its place (a custom
 * property set through the CSSOM, never a `style` attribute, for a strict CSP), and its cells,
 * rendered with Lit so that every text of the record is a text binding.
 */
export function updateRow(row: HTMLElement, index: number, contact: Contact | undefined, ctx: RowContext): void {
  const selected = contact !== undefined && contact.id === ctx.selectedId;
  setAttr(row, 'part', selected ? 'row selected' : 'row');
  setAttr(row, 'aria-rowindex', String(index + 2));
  setAttr(row, 'aria-selected', selected ? 'true' : 'false');
  setAttr(row, 'tabindex', index === ctx.activeIndex ? '0' : '-1');
  setAttr(row, 'data-index', String(index));
  setAttr(row, 'data-loaded', contact ? '' : undefined);
  if (row.style.getPropertyValue('--_row') !== String(index)) row.style.setProperty('--_row', String(index));
  render(contact ? cells(contact, ctx) : placeholder(ctx), row, { host: ctx.host });
}

/** A row whose contact is still being read. */
function placeholder({ t }: RowContext) {
  return html`<div role="gridcell" class="muted">${t('loadingRow')}</div>
    ${columns.slice(1).map(() => html`<div role="gridcell"></div>`)}`;
}

/** A contact's cells: initials and name, company, title, stage, score with grade, owner. */
function cells(contact: Contact, { t, formats, ownerNames }: RowContext) {
  const name = [contact.firstName, contact.lastName].filter(Boolean).join(' ') || contact.emails[0] || t('noName');
  const initials = (contact.firstName || contact.lastName ? firstChar(contact.firstName) + firstChar(contact.lastName) : firstChar(name)).toLocaleUpperCase(formats.locale);
  const score = contact.score ? t('score', { value: formats.score.format(contact.score.value), grade: contact.score.grade }) : undefined;
  const owner = contact.ownerId ? (ownerNames.get(contact.ownerId) ?? contact.ownerId) : undefined;
  return html`<div role="gridcell" class="name"><span class="avatar" aria-hidden="true">${initials}</span><span>${name}</span></div>
    <div role="gridcell">${contact.companyName ?? ''}</div>
    <div role="gridcell">${contact.title ?? ''}</div>
    <div role="gridcell">${t(`stage.${contact.lifecycleStage}`)}</div>
    <div role="gridcell" class=${score ? '' : 'muted'}>${score ?? t('notScored')}</div>
    <div role="gridcell" class=${owner ? '' : 'muted'}>${owner ?? t('unassigned')}</div>`;
}
