/**
 * What a trade's confidence means. Calibrated on the corpus with `npm run eval` (its calibration
 * table): trades at or above CONFIDENT_AT were right ≥ 95 % of the time. Trades below it are shown
 * as "possible": visible in the contacts map, but nobody is pre-selected for them.
 */
export const CONFIDENT_AT = 0.9;

export const isPossibleTrade = (confidence: number | null): boolean => confidence !== null && confidence < CONFIDENT_AT;
