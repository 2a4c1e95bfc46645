import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOUNCES_DIR, corpusWorld, runCorpus, summarize, type CorpusSummary, type SampleOutcome } from '../helpers/bounce-corpus.js';

/**
 * Every real bounce, auto-reply and complaint in ../shared/bounces through the real path (bounce
 * analyzer → classification → correlation → the database) against a real invitation, with the issue's
 * targets. No rule knows these files: the expectations come from expected.json.
 */
describe('real returned mail from many servers (../shared/bounces)', () => {
  let outcomes: SampleOutcome[];
  let sum: CorpusSummary;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const world = await corpusWorld();
    close = world.close;
    outcomes = await runCorpus(world.w, world.row, BOUNCES_DIR, world.domain);
    sum = summarize(outcomes);
  }, 120_000);
  afterAll(async () => close?.());

  it('recognizes ≥ 95 % and ties them to the invitation by VERP', () => {
    expect(sum.messages).toBeGreaterThanOrEqual(100);
    expect(sum.tiedByVerp / sum.messages).toBeGreaterThanOrEqual(0.95);
  });

  it('without VERP, ties ≥ 95 % by the Message-ID in the returned content (else the failed address)', () => {
    // Every sample that returns (or answers) the original's Message-ID is tied by it alone …
    expect(sum.carryingOriginalId / sum.messages).toBeGreaterThanOrEqual(0.85);
    expect(sum.tiedByMessageId / sum.carryingOriginalId).toBeGreaterThanOrEqual(0.95);
    // … and the rest, which return nothing of the original, by the address that failed.
    expect(sum.tiedWithoutVerp / sum.messages).toBeGreaterThanOrEqual(0.95);
  });

  it('marks ≥ 90 % of hard bounces bad and ≤ 2 % of soft failures', () => {
    expect(sum.hardMarked / sum.hard).toBeGreaterThanOrEqual(0.9);
    expect(sum.softMarked / sum.soft).toBeLessThanOrEqual(0.02);
  });

  it('notes every auto-reply; every complaint unsubscribes (or, tied by the address alone, flags) the contact', () => {
    expect(sum.autoReplies).toBeGreaterThan(0);
    expect(sum.autoRepliesHandled).toBe(sum.autoReplies);
    expect(sum.complaints).toBeGreaterThan(0);
    expect(sum.complaintsHandled).toBe(sum.complaints);
  });
});
