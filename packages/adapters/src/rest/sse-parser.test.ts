import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseParser } from './sse-parser.js';

/** Feeds `text` to a fresh parser in pieces cut at `cuts` and returns every event. */
function parseInPieces(text: string, cuts: number[]) {
  const parser = new SseParser();
  const events = [];
  let start = 0;
  for (const cut of [...cuts, text.length]) {
    events.push(...parser.push(text.slice(start, cut)));
    start = cut;
  }
  return { events, parser };
}

describe('SseParser', () => {
  const stream = 'event: ready\ndata: {"cursor":"7"}\n\nid: 8\nevent: changes\ndata: {"changes":[]}\n\n';

  it('dispatches an event at each blank line, with its type, data and id', () => {
    const { events } = parseInPieces(stream, []);
    assert.deepEqual(events, [
      { event: 'ready', data: '{"cursor":"7"}', lastEventId: '' },
      { event: 'changes', data: '{"changes":[]}', lastEventId: '8' },
    ]);
  });

  it('gives the same events whatever the chunk boundaries, even mid-line and mid-field', () => {
    const whole = parseInPieces(stream, []).events;
    for (let cut = 1; cut < stream.length; cut++) assert.deepEqual(parseInPieces(stream, [cut]).events, whole, `cut at ${cut}`);
    const everyChar = Array.from({ length: stream.length - 1 }, (_, i) => i + 1);
    assert.deepEqual(parseInPieces(stream, everyChar).events, whole, 'one character at a time');
  });

  it('joins multi-line data with newlines', () => {
    const { events } = parseInPieces('data: first\ndata:second\ndata:  third\n\n', []);
    assert.deepEqual(events.map((e) => e.data), ['first\nsecond\n third']);
    assert.equal(events[0]?.event, 'message', 'no event field means "message"');
  });

  it('ignores comments (the server\'s pings) and unknown fields', () => {
    const { events } = parseInPieces(': ping\n\nfoo: bar\n: another\ndata: x\n\n', []);
    assert.deepEqual(events.map((e) => e.data), ['x']);
  });

  it('accepts CRLF and lone CR line endings, also when a CRLF pair is split across chunks', () => {
    const crlf = stream.replace(/\n/g, '\r\n');
    const whole = parseInPieces(stream, []).events;
    assert.deepEqual(parseInPieces(crlf, []).events, whole, 'CRLF');
    assert.deepEqual(parseInPieces(stream.replace(/\n/g, '\r'), []).events, whole, 'CR');
    for (let cut = 1; cut < crlf.length; cut++) assert.deepEqual(parseInPieces(crlf, [cut]).events, whole, `CRLF cut at ${cut}`);
  });

  it('keeps the last id across events and for the next connection, and reads retry', () => {
    const { events, parser } = parseInPieces('id: 3\ndata: a\n\ndata: b\n\nretry: 2500\nid: 4\n\n', []);
    assert.deepEqual(events.map((e) => [e.data, e.lastEventId]), [['a', '3'], ['b', '3']]);
    assert.equal(parser.lastEventId, '4', 'an id in a block without data still counts');
    assert.equal(parser.retryMs, 2500);
  });

  it('holds an event back until its blank line arrives, and strips a leading BOM', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('\uFEFFevent: changes\ndata: {}\n'), []);
    assert.deepEqual(parser.push('\n'), [{ event: 'changes', data: '{}', lastEventId: '' }]);
  });
});
