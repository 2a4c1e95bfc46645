/**
 * Words that name a built element as the head of stated work (issue #11): the element a work verb acts on
 * ("Providing and laying lime concrete", "Provide safety grills", "Install a PV array", "Re-roof the hall",
 * element-work.ts) or an item of a document's own scope list (scope-sentence.ts). Written per division from
 * what tenders, schedules of rates and notices in the US, Canada, the UK, Ireland, Australia / New Zealand,
 * India and Africa call the elements they build, repair and renew ("re-glazing", "replastering",
 * "floorboards", "PV modules").
 *
 * Like the vocabulary's `list` words these count only as a whole item of stated work, never as keywords
 * anywhere else: "grills" in a kitchen, "joists" in a structural note or "modules" of a course say no work.
 */
export const ELEMENT_WORDS: Readonly<Record<string, readonly string[]>> = {
  '03': ['lime concrete', 'cement concrete', 'concrete bedding', 'concrete bed', 'in-situ concrete', 'insitu concrete', 'RCC work', 'concrete base', 'concrete bases'],
  '05': ['safety grill', 'safety grille', 'window grill', 'window grille', 'steel grill', 'iron grill', 'MS grills', 'grill work', 'grillwork', 'steel beam', 'steel posts', 'steel columns', 'handrail'],
  '06': ['floorboards', 'floor boards', 'joists', 'floor joists', 'roof joists', 'rafters', 'purlins', 'noggings', 'studwork', 'timber studwork', 'timber stud walls', 'skirting boards', 'timber skirtings', 'timber doors'],
  '07': ['re-roof', 'roof membrane', 'roof sheets', 'roofing sheets', 'resheeting', 're-sheeting', 'roof felt', 'roof tiling', 'reslating', 're-slating', 'bitumen roofing'],
  '08': ['reglazing', 're-glazing', 'rooflight', 'roof light', 'glazed rooflight', 'window units', 'external doors', 'internal doors', 'entrance door'],
  '09': ['replastering', 're-plastering', 're-tiling', 'retiling', 'redecoration', 're-decoration', 'redecorating', 'plasterwork', 'wall finishes', 'ceiling finishes', 'floor finish'],
  '26': [
    'PV array', 'PV panels', 'PV modules', 'PV installation', 'solar array', 'solar modules', 'solar PV system', 'photovoltaic panels',
    'photovoltaic array', 'photovoltaic modules', 'photovoltaic installation', 'battery storage system', 'light standards', 'lighting columns',
  ],
};
