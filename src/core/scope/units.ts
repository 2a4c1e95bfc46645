/**
 * Units of measure as bills of quantities, bid forms and estimates print them, in one list for every reader
 * that asks whether a figure is a measured quantity (bid-items.ts reads priced rows, doc-type.ts counts
 * measured lines). US forms come dotted or plain ("L.F.", "LF", "SQ. FT."), metric and Commonwealth bills
 * write "m2", "cum", "RMT", "Nr", "Nos", "t", and counts and sums ("EA", "EACH", "LUMP SUM", "Item", "Sum").
 * Regex sources, case-insensitive where used.
 */
export const UNIT = String.raw`(?:L\.?\s?S\.?|L\.?\s?F\.?|C\.?\s?Y\.?|S\.?\s?Y\.?|S\.?\s?F\.?|C\.?\s?F\.?|V\.?\s?F\.?|EA\.?|EACH|TONS?|GAL\.?|ACRES?|A\.?\s?C\.?|LIN\.?\s?FT\.?|SQ\.?\s?FT\.?|SQ\.?\s?YDS?\.?|CU\.?\s?YDS?\.?|LB\.?S?|M\.?\s?B\.?\s?M\.?|M\.?\s?G\.?|LUMP\s+SUM|LOT|SQM|SQ\.?\s?M\.?|CUM|CU\.?\s?M\.?|RMT|RM|LM|M[23²³]|NOS?\.?|NR|KGS?|MT|TONNES?|T|ITEM|SUM)`;
/**
 * Units of time: a priced row may hire plant or staff by the hour, day or month, but prose counts time in
 * the same words ("within 30 days"), so a reader of whole lines asks for the measured units alone.
 */
export const TIME_UNIT = String.raw`(?:HRS?\.?|DAYS?|MONTHS?)`;
