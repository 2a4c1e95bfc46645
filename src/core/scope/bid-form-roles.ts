/**
 * Bid forms that name trades as subcontractor roles. Many owners require the bidder to list the
 * subcontractors it will use ("List of Subcontractors", "Bidder proposes to use the following
 * Subcontractors": "Fire Protection Contractor", "Plumbing Piping Contractor", "Sheet Metal
 * Contractor", "Test and Balance Contractor"). Such a list is the clearest statement of trades a bid
 * form makes: each role is a trade the job has. Roles are read by what the trade is called on US /
 * Canadian / Commonwealth job sites; a role this list does not know gives nothing (never a guess).
 */

/** A page that asks for the bidder's subcontractors. */
const SUBCONTRACTOR_LIST =
  /\b(?:list|schedule|names?|listing)\s+of\s+(?:(?:proposed|major|principal|nominated|domestic|materials\s+and|equipment\s+and)\s+)*sub-?contractors\b|\bsub-?contractors?\s+(?:list|listing|schedule|designation)\b|\bproposes?\s+to\s+use\s+the\s+following\s+(?:sub-?contractors|trades)\b|\b(?:list|name|designate|identify)\s+(?:all\s+|the\s+|each\s+|its\s+)?(?:major\s+|proposed\s+|first[-\s]tier\s+)?sub-?contractors\b/i;

/**
 * Role words → division, most specific first: the site's fire and water services are utilities (33)
 * before "fire protection" (21); in a subcontractor role "sheet metal" is the duct trade (SMACNA's
 * sheet metal and air conditioning contractors), not roofing flashings.
 */
const ROLES: ReadonlyArray<readonly [division: string, re: RegExp]> = [
  ['33', /\bsite\s+(?:utilit(?:y|ies)|water(?:\s+service)?|sewer|storm|fire\s+(?:service|line|main)|gas)\b|\bunderground\s+utilit|\butilit(?:y|ies)\b/i],
  ['21', /\bfire\s+(?:protection|sprinklers?|suppression)\b|\bsprinklers?\b/i],
  ['28', /\bfire\s+alarm|\bsecurity\b|\baccess\s+control\b/i],
  ['22', /\bplumbing\b|\bplumbers?\b/i],
  ['23', /\bhvac\b|\bheating\b|\bair[-\s]conditioning\b|\bventilat|\bsheet\s+metal\b|\bductwork\b|\btest(?:ing)?[,\s]+(?:adjust(?:ing)?[,\s]+)?(?:and|&)\s+balanc|\bbalancing\b|\btemperature\s+controls?\b|\bhydronic\b|\bsteam\b|\brefrigeration\b|\bmechanical\b|\bboiler\b/i],
  ['27', /\blow[-\s]voltage\b|\btelecommunications?\b|\bdata\b|\bstructured\s+cabling\b/i],
  ['26', /\belectrical\b|\belectricians?\b/i],
  ['02', /\bdemolition\b|\babatement\b/i],
  ['03', /\bconcrete\b/i],
  ['04', /\bmasonry\b|\bmasons?\b|\bbrick/i],
  ['05', /\bstructural\s+steel\b|\bsteel\s+erect|\bmiscellaneous\s+metals?\b|\bironwork/i],
  ['06', /\bcarpentry\b|\bmillwork\b|\bcasework\b|\bjoinery\b/i],
  ['07', /\broofing\b|\broofers?\b|\bwaterproofing\b/i],
  ['08', /\bglazing\b|\bglaziers?\b|\bdoors?\b|\bdoor\s+hardware\b|\bstorefront\b/i],
  ['09', /\bdrywall\b|\bpainting\b|\bpainters?\b|\bflooring\b|\btile\b|\btiling\b|\bacoustical\b|\bplastering\b|\blath\b/i],
  ['14', /\belevators?\b|\blifts?\b/i],
  ['31', /\bearthwork|\bexcavation\b|\bgrading\b/i],
  ['32', /\bpaving\b|\blandscap|\bfencing\b|\basphalt\b/i],
];

/** "Contractor" or "Subcontractor" ending a role, and the words that never make one. */
const ROLE_WORD = /\b(?:sub-?)?contractors?\b/gi;
const NOT_A_ROLE = /^(?:general|prime|main|principal|the|a|an|any|each|every|such|other|successful|said|this|that|proposed|named|listed|following|sub|selected|specialty)$/i;

export interface SubcontractorRole {
  division: string;
  role: string;
  index: number;
}

/**
 * The trades a page's subcontractor list names, or none when the page asks for no subcontractor
 * list. The role is the run of words before "Contractor" back to the previous role.
 */
export function subcontractorRoles(text: string): SubcontractorRole[] {
  // Most pages never say "contractor": one plain search spares them the list's long pattern.
  if (!/contractor/i.test(text) || !SUBCONTRACTOR_LIST.test(text)) return [];
  const out: SubcontractorRole[] = [];
  let from = 0;
  ROLE_WORD.lastIndex = 0;
  for (let m = ROLE_WORD.exec(text); m; m = ROLE_WORD.exec(text)) {
    const before = text.slice(Math.max(from, m.index - 60), m.index);
    from = m.index + m[0].length;
    // Up to five words, capitalised or joining ("Hydronic and Steam Pipe"), right before the role word.
    const words = before.trimEnd().split(/\s+/).slice(-5);
    const role: string[] = [];
    for (let i = words.length - 1; i >= 0; i--) {
      const w = words[i]!.replace(/[,.;:()]+$/g, '');
      if (!/^(?:[A-Z][\w/&-]*|and|&)$/.test(w) || NOT_A_ROLE.test(w) || /[.;:)]$/.test(words[i]!)) break;
      role.unshift(w);
    }
    while (role.length > 0 && /^(?:and|&)$/.test(role[0]!)) role.shift();
    if (role.length === 0) continue;
    const name = role.join(' ');
    const hit = ROLES.find(([, re]) => re.test(name));
    if (hit) out.push({ division: hit[0], role: `${name} ${m[0]}`, index: m.index - name.length - 1 });
  }
  // One role in passing ("the Electrical Contractor shall …") is not a list.
  return new Set(out.map((r) => r.role.toLowerCase())).size >= 2 ? out : [];
}
