/**
 * Issue #11: tenders, ITTs, addenda and notices state much of their work as a work verb and the element it is
 * done to ("Installation of new doors", "Providing and laying lime concrete", "Re-roof the hall"), a rated item
 * ("a 10 kW photovoltaic system") or a required sub-trade ("Sub-Contractor for … Painting"); a bill's note on its
 * own work is bill-notes.ts's (its test). Each reading has its negative: past work,
 * experience, options, questions, temporary works, the contractor's resources, what is put back, work by others.
 */
import { describe, expect, it } from 'vitest';
import { elementWork, requiredSubTrades } from '../../src/core/scope/element-work.js';
import { extractScopeFromText } from '../../src/core/scope/text-extractor.js';
import { buildDoc } from './doc-builder.js';

const work = (sentence: string) => elementWork(sentence).map((w) => w.division).sort();

describe('a work verb and the element it acts on', () => {
  it.each([
    ['Installation of new doors, including insulated cavity closers.', ['08']],
    ['Replacement of any rotten timbers discovered during the works.', ['06']],
    ['Providing and laying lime concrete bedding in the foundation trench.', ['03']],
    ['Providing safety grills to all ground floor windows.', ['05']],
    ['Supply and fix timber skirtings and architraves to all rooms.', ['06', '06']],
    ['Install new wood blocking at the roof edge to match the new roof insulation.', ['06', '07']],
    ['Installation of a twin layer bitumen roofing system with fascia and soffits.', ['07', '07', '07']],
    ['Re-roof the hall and replace the rotten floorboards.', ['06', '07']],
    ['Rewire the ground floor.', ['26']],
    ['The building will have a roof mounted 12 kW photovoltaic system.', ['26']],
  ])('"%s"', (sentence, expected) => {
    expect(work(sentence)).toEqual(expected);
  });

  it.each([
    'The existing windows were replaced last year.',
    'Contractors must have experience installing new windows in occupied schools.',
    'Will the contractor replace the doors?',
    'No, the existing doors remain.',
    'The Contractor shall provide temporary toilets and fencing.',
    'The Contractor shall provide the labour, materials, equipment, appliances and services.',
    'Move and replace all furniture before painting.',
    'Adaptable to the existing curb or include new curb.',
    'New windows are provided by others.',
    'The roof was re-roofed in an earlier contract.',
    'New Zealand Standard applies.',
  ])('names no element: "%s"', (sentence) => {
    expect(work(sentence)).toEqual([]);
  });
});

describe('a sub-trade the tender requires', () => {
  it('"Sub-Contractor for …" and "<trade> subcontractor" name the trade', () => {
    expect(requiredSubTrades('Qualification is required for: 1) Sub-Contractor for Surface Preparation and Painting').map((w) => w.division)).toEqual(['09']);
    expect(requiredSubTrades('A licensed electrical subcontractor is required.').map((w) => w.division)).toEqual(['26']);
  });

  it('a field run on after the trade ends the item; subcontractors in general or by others name none', () => {
    expect(requiredSubTrades('1) Sub-Contractor for Painting PUBLIC TENDER OPENING: at noon').map((w) => w.division)).toEqual(['09']);
    expect(requiredSubTrades('Subcontractors for all trades shall be listed.')).toEqual([]);
    expect(requiredSubTrades('The plumbing subcontractor is engaged by others.')).toEqual([]);
  });
});

describe('in a whole tender', () => {
  const trades = (text: string) => extractScopeFromText(buildDoc([{ text }])).trades.map((t) => `${t.division}:${t.confidence < 0.9 ? 'possible' : 'confident'}`);

  it('an element a tender works on is a possible trade, not a pre-selected one', () => {
    const text = [
      'INVITATION TO TENDER',
      'Submissions close at noon on the closing date.',
      'The contractor is to carry out the installation of new doors to the main hall during the school holidays.',
    ].join('\n');
    expect(trades(text)).toContain('08:possible');
  });

  it('the same element in a question or as work by others is no trade', () => {
    const text = [
      'INVITATION TO TENDER',
      'The Council invites tenders for refurbishment works to a community hall.',
      'Will the contractor replace the doors?',
      'New windows are provided by others.',
    ].join('\n');
    expect(trades(text).filter((t) => t.startsWith('08'))).toEqual([]);
  });
});

describe('"Key deliverables include:" heads a scope list', () => {
  it('its items are the job\'s trades; a list of documents to hand over names none', async () => {
    const { scopeSentenceItems } = await import('../../src/core/scope/scope-sentence.js');
    expect(scopeSentenceItems('Key deliverables include: earthworks, drainage improvements and new seating.')?.map((i) => i.division).sort()).toEqual(['12', '31', '33']);
    expect(scopeSentenceItems('Key deliverables include: a programme, a method statement and monthly reports.')).toEqual([]);
  });
});

describe('an element that needs renewing, and the subject of a solicitation', () => {
  it('"X is in need of refurbishment", "X requires replacement" name the element; a need of something else names none', () => {
    expect(work('The two toilet blocks are in need of a refurbishment.')).toEqual(['22']);
    expect(work('The roof requires replacement.')).toEqual(['07']);
    expect(work('The contractor requires a full replacement of site staff.')).toEqual([]);
  });

  it('the line under "REQUEST FOR PROPOSAL" is what is solicited; a date or an owner under it is not', async () => {
    const { solicitedSubject } = await import('../../src/core/scope/element-work.js');
    expect(solicitedSubject(['REQUEST FOR PROPOSAL', 'PHOTOVOLTAIC SYSTEM', 'TOWNSHIP HALL']).map((w) => w.division)).toEqual(['26']);
    expect(solicitedSubject(['INVITATION TO TENDER', 'Window Replacement']).map((w) => w.division)).toEqual(['08']);
    expect(solicitedSubject(['REQUEST FOR PROPOSAL', 'SEPTEMBER 13, 2011', 'PHOTOVOLTAIC SYSTEM'])).toEqual([]);
  });

  it('work another contractor does beside this one is no element of this job', () => {
    expect(work("Liaison with the school's term contractors for the installation of alarms and access control is required.")).toEqual([]);
  });
});
