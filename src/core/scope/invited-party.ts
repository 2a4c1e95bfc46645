/**
 * Who a solicitation invites. A tender for consultancy, design or other professional services buys
 * no construction: the works it describes are what the consultant will design or supervise, and a
 * general contractor invites no subcontractor from it. A design-build or construction tender invites
 * a builder, however much design it also asks for.
 */

/** "Invitation to Tender for Consultancy Services", "Request for Proposals for Professional Engineering Services". */
const SERVICES_SOUGHT =
  /\b(?:invitation\s+(?:to\s+tender|for\s+(?:tenders?|bids?|proposals?))|request\s+for\s+(?:proposals?|qualifications|tenders?|quotations?|quotes?)|tenders?|proposals?|expressions?\s+of\s+interest|invited\s+to\s+tender|RFP|RFQ|RFT|EOI)\s+for\s+(?:the\s+)?(?:provision\s+of\s+|appointment\s+of\s+(?:an?\s+)?)?(?:[\w&()[\],-]+\s+){0,5}?(?:consultancy|consulting|consultant|professional|design\s+team|architectural|engineering|surveying|project\s+management|quantity\s+surveying|inspection)\s+services\b/i;
/** The appointment of a consultant named outright. */
const CONSULTANT_APPOINTED = /\b(?:appointment|selection|procurement)\s+of\s+(?:an?\s+|the\s+)?(?:consultants?|consulting\s+engineers?|design\s+team|architects?|engineers?\s+of\s+record)\b/i;
/** A builder is invited too: design-build, construction works, a works contractor. */
const BUILDER_SOUGHT =
  /\bdesign[-\s]+(?:and[-\s]+)?build\b|\bdesign\s+and\s+construct(?:ion)?\b|\bconstruction\s+(?:works|services|contract)\b|\b(?:works|building|general|main)\s+contractors?\b|\b(?:tenders?|bids?)\s+for\s+(?:the\s+)?(?:construction|execution)\s+of\b/i;

/** True when the document's opening pages invite a consultant and no builder. */
export function invitesConsultantOnly(openingText: string): boolean {
  return (SERVICES_SOUGHT.test(openingText) || CONSULTANT_APPOINTED.test(openingText)) && !BUILDER_SOUGHT.test(openingText);
}
