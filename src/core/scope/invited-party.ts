/**
 * Who a solicitation invites. A tender for consultancy, design or other professional services buys
 * no construction: the works it describes are what the consultant will design or supervise, and a
 * general contractor invites no subcontractor from it. A tender for the supply of goods buys products,
 * not their installation. A design-build or construction tender invites a builder, however much
 * design it also asks for.
 */

/** "Invitation to Tender for Consultancy Services", "Request for Proposals for Professional Engineering Services". */
const SERVICES_SOUGHT =
  /\b(?:invitation\s+(?:to\s+tender|for\s+(?:tenders?|bids?|proposals?))|request\s+for\s+(?:proposals?|qualifications|tenders?|quotations?|quotes?)|tenders?|proposals?|expressions?\s+of\s+interest|invited\s+to\s+tender|RFP|RFQ|RFT|EOI)\s+for\s+(?:the\s+)?(?:provision\s+of\s+|appointment\s+of\s+(?:an?\s+)?)?(?:[\w&()[\],-]+\s+){0,5}?(?:consultancy|consulting|consultant|professional|design\s+team|architectural|engineering|surveying|project\s+management|quantity\s+surveying|inspection)\s+services\b/i;
/**
 * The appointment of a consultant named outright; proposals asked of consulting or engineering firms ("requesting
 * proposals from qualified consulting engineering firms … to perform final engineering design"); an engineer's own
 * proposal or agreement for its services ("The Engineer agrees to render services …", "Fee Proposal … for professional services").
 */
const CONSULTANT_APPOINTED =
  /\b(?:appointment|selection|procurement)\s+of\s+(?:an?\s+|the\s+)?(?:consultants?|consulting\s+engineers?|design\s+team|architects?|engineers?\s+of\s+record)\b|\b(?:proposals|qualifications|statements\s+of\s+qualifications?|submittals)\s+from\s+(?:qualified\s+|interested\s+|experienced\s+)*(?:professional\s+)?(?:consulting|consultants?|engineering|architectural|architects?|design)\b(?!\s+(?:and|&|or)\s+construction\b)|\b(?:engineer|architect|consultant)\s+(?:agrees|shall\s+agree)\s+to\s+(?:render|provide|perform|furnish)\b[^.]{0,40}\bservices\b|\bfee\s+proposal\b[^.]{0,80}\bprofessional\s+services\b/i;
/**
 * A builder is invited too: design-build, construction works, a works contractor. "Design and construction" invites a
 * builder where it is what is tendered ("tenders for the design and construction of", a title "… – Design and
 * Construction"), not where it is the owner's programme ("the Authority is responsible for design and construction of
 * the facilities") or a consultant's expertise ("competence in … evaluation, design and construction").
 */
const BUILDER_SOUGHT =
  /\bdesign[-\s]+build\b|\bdesign[-\s]+and[-\s]+build\b|\b(?:tenders?|bids?|proposals?|quotations?|invitation|invites?|invited|RFP|RFQ|RFT|contract(?:or)?s?)\b[^.\n]{0,40}?\bdesign\s+and\s+construct(?:ion)?\b|\bconstruction\s+(?:works|services|contract)\b|\b(?:works|building|general|main)\s+contractors?\b|\b(?:tenders?|bids?)\s+for\s+(?:the\s+)?(?:construction|execution)\s+of\b/i;
/** A title naming design and construction as the work ("Splash Park – Design and Construction"): capitals, at a line's start or after a dash. */
const DESIGN_AND_CONSTRUCTION_TITLE = /(?:^|[-–—:]\s*)(?:Design\s+and\s+Construct(?:ion)?|DESIGN\s+AND\s+CONSTRUCT(?:ION)?)\b/m;
const buildsToo = (text: string): boolean => BUILDER_SOUGHT.test(text) || DESIGN_AND_CONSTRUCTION_TITLE.test(text);

/**
 * A tender for the supply of goods ("Tender for the Supply of Submersible and Booster Pumps", "Supply and Delivery of
 * …"): a supplier is invited, and no work on site is asked where nothing is to be installed, erected or built.
 */
const SUPPLY_SOUGHT =
  /\b(?:tenders?|bids?|quotations?|quotes?|proposals?|invitation\s+(?:to|for)\s+(?:tender|bid)|RFQ|RFP|ITB|IFB)\s+for\s+(?:the\s+)?supply(?:\s+and\s+delivery)?\s+of\b|^\s*(?:the\s+)?supply\s+and\s+delivery\s+of\b/im;
const SITE_WORK_ASKED = /\b(?:install\w*|erect\w*|construct\w*|commission\w*|fix(?:ing)?|lay(?:ing)?|build|replace\w*|repair\w*|renovat\w*|works\s+contractor)\b/i;

/** True when the document's opening pages invite a consultant and no builder. */
export function invitesConsultantOnly(openingText: string): boolean {
  return (SERVICES_SOUGHT.test(openingText) || CONSULTANT_APPOINTED.test(openingText)) && !buildsToo(openingText);
}

/** True when the document's opening pages invite a supplier of goods and ask for nothing to be installed or built. */
export function invitesSupplierOnly(openingText: string): boolean {
  return SUPPLY_SOUGHT.test(openingText) && !SITE_WORK_ASKED.test(openingText) && !buildsToo(openingText);
}
