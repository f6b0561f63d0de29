import { describe, expect, it } from 'vitest';
import { escapeText, eventUid, foldLine, icalTime, renderCalendar } from './ical.js';

const octets = (line: string) => Buffer.byteLength(line, 'utf8');

describe('iCalendar rendering', () => {
  it('escapes backslash, semicolon, comma and newlines in text', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('leaves a line of 75 octets alone and folds a longer one with a leading space', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    const folded = foldLine('x'.repeat(160)).split('\r\n');
    expect(folded.map(octets)).toEqual([75, 75, 12]);
    expect(folded.slice(1).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe('x'.repeat(160));
  });

  it('never splits a UTF-8 character when folding Chinese text', () => {
    const line = `SUMMARY:${'值班'.repeat(40)}`;
    const folded = foldLine(line).split('\r\n');
    expect(folded.length).toBeGreaterThan(1);
    for (const l of folded) expect(octets(l)).toBeLessThanOrEqual(75);
    expect(folded.map((l, i) => (i ? l.slice(1) : l)).join('')).toBe(line);
    expect(folded.join('')).not.toContain('\uFFFD');
  });

  it('writes UTC times in the basic format', () => {
    expect(icalTime(Date.parse('2026-11-02T08:00:00+08:00'))).toBe('20261102T000000Z');
  });

  it('gives the same UID for the same identity and another for another', () => {
    expect(eventUid('duty|L0|1|a')).toBe(eventUid('duty|L0|1|a'));
    expect(eventUid('duty|L0|1|a')).not.toBe(eventUid('duty|L0|1|b'));
    expect(eventUid('x')).toMatch(/^[0-9a-f]{32}@cityops-oncall$/);
  });

  it('renders a calendar with CRLF line endings, one VEVENT per event', () => {
    const body = renderCalendar(
      '值班 张伟',
      [
        {
          identity: 'e1',
          start: Date.parse('2026-11-02T00:00:00Z'),
          end: Date.parse('2026-11-03T00:00:00Z'),
          summary: '供热值班, heating duty; primary',
          description: 'layer primary',
        },
      ],
      Date.parse('2026-11-01T00:00:00Z'),
    );
    expect(body.endsWith('\r\n')).toBe(true);
    expect(body.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = body.split('\r\n').slice(0, -1);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('DTSTART:20261102T000000Z');
    expect(lines).toContain('DTEND:20261103T000000Z');
    expect(lines).toContain('DTSTAMP:20261101T000000Z');
    expect(lines).toContain('SUMMARY:供热值班\\, heating duty\\; primary');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
  });
});
