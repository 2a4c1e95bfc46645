import type { Fact, ProjectFacts } from '../../src/core/scope/types.js';

/** Project facts as an extractor reports them, from plain values (every fact on page 1). */
export function projectFacts(v: { name?: string; streetAddress?: string; city?: string; state?: string; zip?: string; bidDue?: string; preBidMeeting?: string } = {}): ProjectFacts {
  const f = (value: string | undefined): Fact | null => (value === undefined ? null : { value, page: 1, source: 'text' });
  const d = (date: string | undefined) => (date === undefined ? null : { value: { date, time: null, timeZone: null, text: date }, page: 1, source: 'text' as const });
  return {
    name: f(v.name),
    owner: null,
    streetAddress: f(v.streetAddress),
    city: f(v.city),
    stateOrProvince: f(v.state),
    country: v.zip ? f('US') : null,
    zipOrPostcode: f(v.zip),
    projectNumber: null,
    architectOrEngineer: null,
    bidDue: d(v.bidDue),
    preBidMeeting: d(v.preBidMeeting),
  };
}
