import { describe, expect, it } from 'vitest';
import { DIVISIONS, divisionByCode, normalizeTag, resolveTrade, resolveTrades } from '../../src/core/scope/taxonomy.js';

const code = (tag: string) => resolveTrade(tag)?.code ?? null;

describe('DIVISIONS', () => {
  it('lists the MasterFormat divisions with two-digit codes, sorted and unique', () => {
    const codes = DIVISIONS.map((d) => d.code);
    expect(codes.every((c) => /^\d{2}$/.test(c))).toBe(true);
    expect([...codes].sort()).toEqual(codes);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of ['00', '01', '02', '03', '09', '14', '21', '22', '23', '25', '26', '27', '28', '31', '32', '33', '34', '35', '40', '46', '48']) {
      expect(codes).toContain(c);
    }
    // Reserved numbers are not divisions.
    for (const c of ['15', '16', '20', '24', '29', '30', '36', '39', '47', '49']) expect(codes).not.toContain(c);
  });

  it('looks divisions up by code', () => {
    expect(divisionByCode('26')?.name).toBe('Electrical');
    expect(divisionByCode('9')?.code).toBe('09');
    expect(divisionByCode('99')).toBeUndefined();
    expect(divisionByCode('abc')).toBeUndefined();
  });
});

describe('resolveTrade', () => {
  it.each([
    ['Electrical', '26'], ['electric', '26'], ['electrician', '26'], ['ELECTRICIANS', '26'], ['Electrical Contractor', '26'],
    ['26', '26'], ['Div 26', '26'], ['Division 26', '26'], ['26 05 19', '26'], ['260519', '26'], ['26 05 19.13', '26'],
    ['DIV. 09', '09'], ['Div 9', '09'], ['Division 26 - Electrical', '26'], ['Section 23 05 00', '23'],
    ['HVAC', '23'], ['H.V.A.C.', '23'], ['Mechanical', '23'], ['Plumbing', '22'], ['plumbers', '22'],
    ['Fire Sprinkler', '21'], ['Fire Protection', '21'], ['fire-sprinklers', '21'],
    ['Drywall', '09'], ['Painting', '09'], ['Flooring', '09'], ['Doors', '08'], ['Glazing', '08'], ['Roofing', '07'],
    ['Concrete', '03'], ['Masonry', '04'], ['Steel', '05'], ['Structural Steel', '05'], ['Carpentry', '06'],
    ['Millwork', '06'], ['Casework', '06'], ['Sitework', '31'], ['Site Work', '31'], ['Excavation', '31'], ['Earthwork', '31'],
    ['Paving', '32'], ['Landscaping', '32'], ['Site Utilities', '33'], ['Elevator', '14'], ['Elevators', '14'],
    ['Low Voltage', '27'], ['Data', '27'], ['Fire Alarm', '28'], ['Security', '28'], ['Demolition', '02'],
    ['  roofing   services ', '07'], ['Lab Casework', '12'], ['Thermal and Moisture Protection', '07'],
    ['Wood, Plastics, and Composites', '06'], ['Heating, Ventilating, and Air Conditioning (HVAC)', '23'],
  ])('%s → %s', (tag, expected) => {
    expect(code(tag)).toBe(expected);
  });

  it.each(['', '   ', 'Division 99', '99', '15', 'Banana', 'Ceo', 'Accounting', '09 Electrical', '1234'])('%s → null', (tag) => {
    expect(resolveTrade(tag)).toBeNull();
  });

  it('normalizes case, punctuation and spacing', () => {
    expect(normalizeTag('  Doors, Frames & Hardware ')).toBe('doors frames and hardware');
  });
});

describe('resolveTrades', () => {
  it('splits a trades cell on , ; / | and "and", dedupes, keeps unknown pieces', () => {
    const r = resolveTrades('Electrical, Low Voltage / Fire Alarm; electrician | Plumbing and HVAC and Basket weaving');
    expect(r.divisions.map((d) => d.code)).toEqual(['22', '23', '26', '27', '28']);
    expect(r.unknown).toEqual(['Basket weaving']);
  });

  it('keeps official names with commas and "and" whole', () => {
    expect(resolveTrades('Wood, Plastics, and Composites').divisions.map((d) => d.code)).toEqual(['06']);
    expect(resolveTrades('Electronic Safety and Security').divisions.map((d) => d.code)).toEqual(['28']);
    expect(resolveTrades('Thermal and Moisture Protection; Div 26').divisions.map((d) => d.code)).toEqual(['07', '26']);
  });

  it.each([
    ['Doors, Frames & Hardware', ['08']],
    ['Toilet Partitions & Accessories', ['10']],
    ['Structural Steel & Misc. Metals', ['05']],
    ['Metal Studs & Drywall', ['09']],
    ['Landscaping & Irrigation', ['32']],
    ['Earthwork/Site Utilities', ['31', '33']],
    ['HVAC/Mechanical; Controls', ['23', '25']],
    ['Glass & Glazing', ['08']],
    ['Final Cleaning', ['01']],
  ])('a subcontractor list cell %s → %j', (cell, codes) => {
    const r = resolveTrades(cell);
    expect(r.divisions.map((d) => d.code)).toEqual(codes);
    expect(r.unknown).toEqual([]);
  });

  it('expands MEP and returns nothing for an empty cell', () => {
    expect(resolveTrades('MEP').divisions.map((d) => d.code)).toEqual(['22', '23', '26']);
    expect(resolveTrades('  ')).toEqual({ divisions: [], unknown: [] });
  });
});
