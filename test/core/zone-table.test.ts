import { describe, expect, it } from 'vitest';
import { ZONE_NAMES, ianaOfZoneName, isPrintedZoneAbbreviation } from '../../src/core/zone-table.js';
import { zoneAfter } from '../../src/core/scope/fact-dates.js';
import { parseMoment, parseTimeZone } from '../../src/core/project/time.js';

describe('one table of time zones for the facts and the job', () => {
  it('every zone the facts reader prints after a time is one the job can set, unless its letters name several zones', () => {
    for (const z of ZONE_NAMES) {
      for (const abbr of z.printed) {
        expect(zoneAfter(` ${abbr} on Friday`)?.zone).toBe(abbr);
        if (z.iana) expect(parseTimeZone(abbr)).toBe(z.iana);
        else expect(() => parseTimeZone(abbr)).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
      }
    }
  });

  it('a zone written in words reads as the same zone in both: printed as its letters, set as its IANA name', () => {
    for (const z of ZONE_NAMES) {
      for (const word of z.words) {
        const printed = zoneAfter(` ${word} Standard Time`)?.zone;
        expect(printed).toBe(`${z.letters}ST`);
        expect(parseTimeZone(word)).toBe(z.iana);
        expect(parseMoment(`Dec 12 2026 2pm ${word} time`, 'bid due date').timeZone).toBe(z.iana);
      }
    }
  });

  it('non-US zones printed in tenders are set by their IANA name', () => {
    expect(parseTimeZone('AEST')).toBe('Australia/Sydney');
    expect(parseTimeZone('awst')).toBe('Australia/Perth');
    expect(parseTimeZone('NZDT')).toBe('Pacific/Auckland');
    expect(parseMoment('March 3 2027 at 14:00 AEST', 'bid due date')).toMatchObject({ date: '2027-03-03', time: '14:00', timeZone: 'Australia/Sydney' });
  });

  it('letters that name several zones, or a short word, are never read as a zone from running text', () => {
    expect(ianaOfZoneName('IST')).toBeNull();
    expect(isPrintedZoneAbbreviation('AT')).toBe(false);
    expect(isPrintedZoneAbbreviation('pst')).toBe(false);
    expect(zoneAfter(' AT the site')).toBeNull();
    // A person naming the zone on its own may use them.
    expect(parseTimeZone('AT')).toBe('America/Halifax');
    expect(parseTimeZone('Z')).toBe('UTC');
  });
});
