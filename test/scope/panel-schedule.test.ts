/**
 * Issue #11 (round 8 leftover): a panelboard's header with its values, or a page of a named panel's circuit
 * tags, is electrical work (26) — an existing panel's too — while a mechanical schedule's volts and phase
 * or a lone circuit reference are not.
 */
import { describe, expect, it } from 'vitest';
import { panelScheduleOf } from '../../src/core/scope/panel-schedule.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { CONFIDENT_AT } from '../../src/core/scope/confidence.js';
import { buildDoc } from './doc-builder.js';

describe('panel schedules and circuit tags', () => {
  it.each([
    'EXISTING PANEL LPA MAINS: 100 MCB VOLTAGE: 120 / 208 WIRE: 4 MOUNTING: SURFACE',
    'PANELBOARD LP-1 LOCATION: ELEC RM 225A MLO 120/208V 3PH 4W 22,000 AIC',
    'PANEL "HA" BUS: 400A VOLTAGE: 480Y/277 PHASE: 3',
    'PANEL PPA 1 LPA-1 LPA-2 ... PANEL LPA LPA-3 LPA-5 LPA-15,17 LPA-16 LPA-18 LPA-20',
  ])('"%s" is a panel', (text) => {
    expect(panelScheduleOf(text)).not.toBeNull();
  });

  it.each([
    'RTU-1 ELECTRICAL: VOLTS 460 PHASE 3 MCA 25 MOCP 30 CONNECT TO PANEL LPA CIRCUIT LPA-16',
    'ACCESS PANEL AP-1 AT CEILING; ACCESS PANEL AP-2 AT WALL',
    'EF-1 EF-2 EF-3 EF-4 EF-5 EF-6 EXHAUST FANS, SEE SCHEDULE',
    'Provide a new panel in the electrical room.',
  ])('"%s" is not', (text) => {
    expect(panelScheduleOf(text)).toBeNull();
  });

  it('a sheet of circuit tags and an existing panel\'s header gives electrical work, pre-selected', () => {
    const doc = buildDoc([{ text: ['KW KVA LTG NEC NIC RECEPTACLE SWITCHBOARD', 'LPA-1 LPA-2 LPA-16 LPA-5 LPA-7 RTU-1 IWH-1 LPA-15,17', 'EXISTING ELECTRICAL PANEL LPA', 'EXISTING PANEL LPA MAINS: 100 MCB VOLTAGE: 120 / 208 WIRE: 4'] }]);
    const electrical = extractScopeFromText(doc).trades.find((t) => t.division === '26');
    expect(electrical?.confidence).toBeGreaterThanOrEqual(CONFIDENT_AT);
    expect(electrical?.evidence[0]?.source).toBe('schedule');
  });
});
