import type { ProjectFacts } from '../../src/core/scope/types.js';
import { emptyFacts } from '../../src/core/scope/scope-document.js';
import { fact } from './jobs.js';

/** Project facts as an extractor reports them, from plain values (every fact on page 1). */
export function projectFacts(v: { name?: string; streetAddress?: string; city?: string; state?: string; zip?: string; bidDue?: string; preBidMeeting?: string } = {}): ProjectFacts {
  const f = (value: string | undefined) => (value === undefined ? null : fact(value));
  const d = (date: string | undefined) => (date === undefined ? null : fact({ date, time: null, timeZone: null, text: date }));
  return {
    ...emptyFacts(),
    name: f(v.name),
    streetAddress: f(v.streetAddress),
    city: f(v.city),
    stateOrProvince: f(v.state),
    country: v.zip ? fact('US') : null,
    zipOrPostcode: f(v.zip),
    bidDue: d(v.bidDue),
    preBidMeeting: d(v.preBidMeeting),
  };
}
