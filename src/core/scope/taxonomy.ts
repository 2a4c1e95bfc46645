/**
 * The trade taxonomy: CSI MasterFormat (2016+) divisions, and the one alias table that both detected
 * trades and contacts' trade tags resolve through. "Electrical", "electrician", "Div 26", "26 05 19"
 * all become Division 26.
 */

export interface Division {
  /** Two digits, '00'..'49'. */
  code: string;
  name: string;
}

export const DIVISIONS: readonly Division[] = Object.freeze([
  { code: '00', name: 'Procurement and Contracting Requirements' },
  { code: '01', name: 'General Requirements' },
  { code: '02', name: 'Existing Conditions' },
  { code: '03', name: 'Concrete' },
  { code: '04', name: 'Masonry' },
  { code: '05', name: 'Metals' },
  { code: '06', name: 'Wood, Plastics, and Composites' },
  { code: '07', name: 'Thermal and Moisture Protection' },
  { code: '08', name: 'Openings' },
  { code: '09', name: 'Finishes' },
  { code: '10', name: 'Specialties' },
  { code: '11', name: 'Equipment' },
  { code: '12', name: 'Furnishings' },
  { code: '13', name: 'Special Construction' },
  { code: '14', name: 'Conveying Equipment' },
  { code: '21', name: 'Fire Suppression' },
  { code: '22', name: 'Plumbing' },
  { code: '23', name: 'Heating, Ventilating, and Air Conditioning (HVAC)' },
  { code: '25', name: 'Integrated Automation' },
  { code: '26', name: 'Electrical' },
  { code: '27', name: 'Communications' },
  { code: '28', name: 'Electronic Safety and Security' },
  { code: '31', name: 'Earthwork' },
  { code: '32', name: 'Exterior Improvements' },
  { code: '33', name: 'Utilities' },
  { code: '34', name: 'Transportation' },
  { code: '35', name: 'Waterway and Marine Construction' },
  { code: '40', name: 'Process Interconnections' },
  { code: '41', name: 'Material Processing and Handling Equipment' },
  { code: '42', name: 'Process Heating, Cooling, and Drying Equipment' },
  { code: '43', name: 'Process Gas and Liquid Handling, Purification, and Storage Equipment' },
  { code: '44', name: 'Pollution and Waste Control Equipment' },
  { code: '45', name: 'Industry-Specific Manufacturing Equipment' },
  { code: '46', name: 'Water and Wastewater Equipment' },
  { code: '48', name: 'Electrical Power Generation' },
].map((d) => Object.freeze(d)));

const byCode = new Map(DIVISIONS.map((d) => [d.code, d]));

/** The division with this two-digit code ("26"); a one-digit code ("9") is read as "09". */
export function divisionByCode(code: string): Division | undefined {
  const c = code.trim();
  if (!/^\d{1,2}$/.test(c)) return undefined;
  return byCode.get(c.padStart(2, '0'));
}

/**
 * Trade words → division. Keys are written as they normalize (lowercase, punctuation as spaces).
 * The official division names are added automatically. Keep this the only alias table.
 */
const ALIASES: Record<string, readonly string[]> = {
  '00': ['procurement', 'bidding requirements', 'contracting requirements', 'procurement and contracting'],
  '01': ['general requirements', 'general conditions', 'general contractor', 'gc', 'temporary facilities', 'temporary construction',
    'final cleaning', 'construction cleaning', 'cleaning', 'janitorial', 'scaffolding', 'temporary fencing', 'dumpsters', 'waste management',
  ],
  '02': [
    'existing conditions', 'demolition', 'demo', 'selective demolition', 'interior demolition', 'wrecking',
    'abatement', 'asbestos abatement', 'asbestos', 'lead abatement', 'hazardous materials', 'hazmat', 'hazardous material abatement',
    'remediation', 'environmental remediation', 'site remediation', 'mold remediation',
    'survey', 'surveying', 'surveyor', 'land surveying', 'land surveyor', 'geotechnical investigation',
  ],
  '03': [
    'concrete', 'cast in place concrete', 'cip concrete', 'precast', 'precast concrete', 'concrete reinforcing', 'rebar',
    'reinforcing steel', 'formwork', 'concrete formwork', 'flatwork', 'concrete flatwork', 'concrete finishing', 'concrete pumping',
    'shotcrete', 'post tensioning', 'post tensioned concrete', 'tilt up', 'tilt up concrete', 'gypcrete', 'gypsum underlayment',
    'grout', 'grouting', 'structural concrete', 'concrete repair', 'concrete restoration', 'polished concrete', 'concrete polishing',
  ],
  '04': [
    'masonry', 'mason', 'brick', 'bricks', 'brickwork', 'brick masonry', 'bricklayer', 'block', 'cmu', 'concrete masonry',
    'concrete masonry units', 'unit masonry', 'stone', 'stone masonry', 'stonework', 'cast stone', 'tuckpointing', 'tuck pointing',
    'repointing', 'pointing', 'masonry restoration', 'masonry repair', 'masonry cleaning', 'stone restoration',
  ],
  '05': [
    'metals', 'metal', 'steel', 'structural steel', 'steel erection', 'steel fabrication', 'steel fabricator', 'miscellaneous metals',
    'misc metals', 'misc metal', 'metal fabrications', 'metal fabrication', 'ornamental metals', 'ornamental metal',
    'ornamental iron', 'railings', 'handrails', 'metal railings', 'metal stairs', 'steel stairs', 'metal deck', 'metal decking',
    'steel deck', 'steel decking', 'steel joists', 'joists', 'ironwork', 'ironworks', 'ironworker', 'iron', 'welding', 'welder',
    'structural metal', 'cold formed metal framing', 'light gauge framing', 'light gage framing',
  ],
  '06': [
    'wood', 'plastics', 'composites', 'carpentry', 'carpenter', 'rough carpentry', 'finish carpentry', 'trim carpentry',
    'framing', 'wood framing', 'framer', 'millwork', 'architectural millwork', 'architectural woodwork', 'woodwork', 'woodworking',
    'casework', 'architectural casework', 'wood casework', 'cabinets', 'cabinetry', 'cabinet', 'cabinetmaker', 'lumber',
    'trusses', 'wood trusses', 'sheathing', 'solid surface', 'solid surfacing', 'frp', 'fiberglass reinforced panels',
  ],
  '07': [
    'thermal', 'moisture protection', 'roofing', 'roofer', 'roof', 'roofs', 'roof repair', 'membrane roofing', 'single ply roofing',
    'built up roofing', 'metal roofing', 'shingles', 'shingle roofing', 'waterproofing', 'dampproofing', 'damp proofing',
    'insulation', 'thermal insulation', 'building insulation', 'spray foam', 'spray foam insulation', 'air barrier', 'air barriers',
    'vapor barrier', 'sealants', 'caulking', 'caulk', 'joint sealants', 'firestopping', 'firestop', 'fire stopping',
    'fireproofing', 'spray fireproofing', 'sprayed fire resistive materials', 'flashing', 'flashing and sheet metal',
    'architectural sheet metal', 'gutters', 'gutters and downspouts', 'siding', 'wall panels', 'metal wall panels', 'metal panels',
    'eifs', 'exterior insulation and finish systems', 'cladding', 'roof specialties', 'roof hatches',
  ],
  '08': [
    'openings', 'doors', 'door', 'doors and frames', 'doors frames and hardware', 'doors frames hardware', 'door hardware',
    'hardware', 'finish hardware', 'builders hardware', 'hollow metal', 'hollow metal doors', 'hollow metal frames',
    'wood doors', 'windows', 'window', 'window replacement', 'glazing', 'glass', 'glass and glazing', 'glazier', 'glaziers',
    'storefront', 'storefronts', 'aluminum storefront', 'curtain wall', 'curtainwall', 'curtain walls', 'entrances',
    'automatic doors', 'automatic entrances', 'overhead doors', 'overhead door', 'garage doors', 'garage door',
    'coiling doors', 'rolling doors', 'sectional doors', 'access doors', 'skylights', 'skylight', 'louvers', 'mirrors',
    'frames', 'door frames', 'frames and hardware',
  ],
  '09': [
    'finishes', 'drywall', 'gypsum board', 'gypsum wallboard', 'gyp board', 'gypsum', 'sheetrock', 'wallboard', 'framing and drywall',
    'drywall and framing', 'metal framing', 'metal studs', 'metal stud framing', 'non structural metal framing', 'taping',
    'tape and finish', 'plaster', 'plastering', 'lath and plaster', 'stucco', 'cement plaster', 'veneer plaster',
    'painting', 'paint', 'painter', 'painters', 'painting and coatings', 'coatings', 'high performance coatings', 'wallcovering',
    'wallcoverings', 'wall covering', 'wall coverings', 'vinyl wall covering', 'flooring', 'floor covering', 'floor coverings',
    'floors', 'carpet', 'carpeting', 'carpet tile', 'tile', 'tiling', 'ceramic tile', 'porcelain tile', 'tile setter', 'resilient flooring',
    'vinyl flooring', 'lvt', 'vct', 'sheet vinyl', 'rubber flooring', 'terrazzo', 'epoxy flooring', 'resinous flooring',
    'wood flooring', 'hardwood flooring', 'acoustical ceilings', 'acoustic ceilings', 'acoustical ceiling', 'act', 'ceilings',
    'suspended ceilings', 'acoustical treatment', 'acoustical panels', 'acoustics', 'ceramic tiling', 'tile and stone',
    'painting and wallcovering', 'painting and wall covering',
  ],
  '10': [
    'specialties', 'toilet partitions', 'toilet compartments', 'toilet accessories', 'bathroom accessories', 'restroom accessories',
    'signage', 'signs', 'sign', 'lockers', 'fire extinguishers', 'fire extinguisher cabinets', 'markerboards', 'marker boards',
    'whiteboards', 'tackboards', 'visual display', 'visual display units', 'visual display boards', 'corner guards',
    'wall protection', 'flagpoles', 'flagpole', 'mailboxes', 'postal specialties', 'operable partitions', 'wire mesh partitions',
    'cubicle curtains', 'shelving', 'storage shelving', 'toilet partitions and accessories', 'canopies', 'awnings',
    'protective covers', 'bath accessories',
  ],
  '11': [
    'equipment', 'food service equipment', 'foodservice equipment', 'foodservice', 'food service', 'kitchen equipment',
    'commercial kitchen equipment', 'commercial kitchen', 'laboratory equipment', 'lab equipment', 'appliances',
    'residential appliances', 'loading dock equipment', 'dock equipment', 'dock levelers', 'athletic equipment',
    'gym equipment', 'gymnasium equipment', 'library equipment', 'stage equipment', 'theater equipment', 'theatrical equipment',
    'stage rigging', 'theatrical rigging', 'laundry equipment', 'medical equipment', 'healthcare equipment', 'fume hoods',
    'projection screens', 'parking control equipment', 'vehicle service equipment',
  ],
  '12': [
    'furnishings', 'furniture', 'ff e', 'ffe', 'window treatments', 'window treatment', 'blinds', 'window blinds', 'shades',
    'window shades', 'roller shades', 'lab casework', 'laboratory casework', 'manufactured casework', 'metal casework',
    'fixed seating', 'auditorium seating', 'theater seating', 'bleachers', 'entrance mats', 'entrance floor mats',
    'site furnishings', 'art', 'artwork', 'countertops', 'epoxy countertops', 'rugs and mats',
  ],
  '13': [
    'special construction', 'pre engineered buildings', 'pre engineered metal buildings', 'metal buildings', 'metal building',
    'pre engineered structures', 'swimming pools', 'swimming pool', 'pools', 'pool', 'radiation protection', 'shielding',
    'fabric structures', 'special purpose rooms', 'greenhouses', 'modular buildings', 'modular construction', 'sound booths',
    'lightning protection', 'cold storage rooms', 'walk in coolers', 'walk in freezers', 'seismic controls',
  ],
  '14': [
    'conveying equipment', 'conveying', 'conveying systems', 'elevator', 'elevators', 'escalator', 'escalators', 'lifts', 'lift',
    'wheelchair lifts', 'platform lifts', 'dumbwaiter', 'dumbwaiters', 'vertical transportation', 'moving walks',
  ],
  '21': [
    'fire suppression', 'fire sprinkler', 'fire sprinklers', 'sprinkler', 'sprinklers', 'fire sprinkler systems', 'sprinkler systems',
    'fire protection', 'fire protection sprinklers', 'wet sprinkler', 'dry sprinkler', 'standpipes', 'standpipe', 'fire pump',
    'fire pumps', 'clean agent', 'fire suppression systems', 'kitchen hood suppression', 'sprinkler fitter', 'sprinkler fitters',
  ],
  '22': [
    'plumbing', 'plumber', 'plumbers', 'plumbing fixtures', 'domestic water', 'plumbing piping', 'medical gas', 'medical gases',
    'water heaters', 'sanitary waste', 'plumbing and drainage', 'pipefitting plumbing', 'backflow', 'backflow prevention',
  ],
  '23': [
    'hvac', 'h v a c', 'heating', 'ventilating', 'ventilation', 'air conditioning', 'air conditioning hvac', 'heating and cooling',
    'heating ventilation and air conditioning', 'mechanical', 'mechanical contractor', 'sheet metal', 'hvac sheet metal',
    'ductwork', 'duct', 'ducts', 'duct cleaning', 'test and balance', 'testing and balancing', 'testing adjusting and balancing',
    'tab', 'air balancing', 'refrigeration', 'boilers', 'chillers', 'mechanical insulation', 'pipe insulation', 'hvac insulation',
    'pipefitter', 'pipefitters', 'pipefitting', 'steamfitter', 'steamfitters', 'hvac controls', 'temperature controls',
    'heat pumps', 'hydronic piping', 'hydronics', 'mechanical piping',
  ],
  '25': [
    'integrated automation', 'building automation', 'building automation systems', 'building automation system', 'bas',
    'building management system', 'building management systems', 'bms', 'controls', 'energy management', 'ems', 'automation',
    'building controls', 'direct digital controls', 'ddc',
  ],
  '26': [
    'electrical', 'electric', 'electrician', 'electricians', 'electrical contractor', 'power', 'lighting', 'light fixtures',
    'lighting fixtures', 'electrical power', 'power distribution', 'generators', 'generator', 'emergency generator',
    'standby power', 'solar', 'solar pv', 'photovoltaic', 'photovoltaics', 'pv', 'ev charging', 'electric vehicle charging',
    'exterior lighting', 'site lighting', 'site electrical', 'electrical service', 'lighting controls',
  ],
  '27': [
    'communications', 'communication', 'low voltage', 'low voltage cabling', 'data', 'voice data', 'voice and data', 'data cabling',
    'network cabling', 'structured cabling', 'cabling', 'telecom', 'telecommunications', 'teledata', 'tel data',
    'it cabling', 'fiber optic', 'fiber optics', 'fiber', 'audio visual', 'audiovisual', 'audio video', 'av', 'a v',
    'sound systems', 'sound system', 'paging', 'public address', 'intercom', 'nurse call', 'das', 'distributed antenna',
    'distributed antenna systems', 'clock systems',
  ],
  '28': [
    'electronic safety and security', 'fire alarm', 'fire alarms', 'fire alarm systems', 'fire detection', 'fire detection and alarm',
    'security', 'security systems', 'electronic security', 'access control', 'cctv', 'video surveillance', 'surveillance',
    'intrusion detection', 'intrusion alarm', 'burglar alarm', 'mass notification', 'gas detection', 'life safety',
    'fire and life safety', 'fire alarm and security',
  ],
  '31': [
    'earthwork', 'earthworks', 'earth work', 'sitework', 'site work', 'site preparation', 'site prep', 'excavation', 'excavating',
    'excavator', 'grading', 'site grading', 'grading and excavation', 'clearing', 'site clearing', 'clearing and grubbing',
    'erosion control', 'erosion and sediment control', 'sediment control', 'swppp', 'shoring', 'excavation support',
    'piles', 'piling', 'pile driving', 'deep foundations', 'drilled piers', 'caissons', 'helical piers', 'dewatering',
    'soil stabilization', 'trenching', 'earth moving', 'earthmoving', 'dirt work', 'termite control', 'backfill',
  ],
  '32': [
    'exterior improvements', 'paving', 'asphalt', 'asphalt paving', 'paving and surfacing', 'concrete paving', 'pavement',
    'pavement repair', 'site concrete', 'sidewalks', 'sidewalk', 'curbs', 'curb and gutter', 'curbs and gutters',
    'striping', 'pavement marking', 'pavement markings', 'parking lot striping', 'seal coating', 'sealcoating', 'slurry seal',
    'landscaping', 'landscape', 'landscaper', 'landscape architecture', 'planting', 'plantings', 'irrigation', 'turf',
    'synthetic turf', 'artificial turf', 'sod', 'seeding', 'fencing', 'fences', 'fence', 'chain link fence', 'gates',
    'retaining walls', 'segmental retaining walls', 'playground', 'playground equipment', 'play surfaces', 'athletic surfacing',
    'unit pavers', 'pavers', 'hardscape', 'hardscaping', 'bollards',
  ],
  '33': [
    'utilities', 'utility', 'site utilities', 'underground utilities', 'wet utilities', 'dry utilities', 'water utilities',
    'water main', 'water mains', 'water distribution', 'storm drainage', 'storm drain', 'storm sewer', 'storm water',
    'stormwater', 'sanitary sewer', 'sanitary sewerage', 'sewer', 'sewers', 'septic', 'septic systems', 'wastewater utilities',
    'gas distribution', 'natural gas distribution', 'electrical utilities', 'underground electrical', 'site electrical utilities',
    'directional drilling', 'horizontal directional drilling', 'hdd', 'wells', 'water wells', 'utility contractor',
  ],
  '34': [
    'transportation', 'railroad', 'rail', 'railway', 'railways', 'traffic signals', 'traffic signal', 'traffic control signals',
    'roadway signaling', 'bridges', 'bridge construction', 'guardrail', 'guardrails', 'guide rail', 'traffic control devices',
  ],
  '35': [
    'waterway and marine construction', 'waterway', 'marine', 'marine construction', 'dredging', 'shoreline protection',
    'seawalls', 'seawall', 'piers', 'marine docks', 'boat docks', 'dams',
  ],
  '40': ['process interconnections', 'process integration', 'process piping', 'process control', 'process instrumentation'],
  '41': [
    'material processing and handling equipment', 'material handling', 'material handling equipment', 'conveyors',
    'cranes', 'cranes and hoists', 'hoists', 'bridge cranes', 'overhead cranes',
  ],
  '42': ['process heating cooling and drying equipment', 'industrial ovens', 'process heating', 'process cooling'],
  '43': ['process gas and liquid handling purification and storage equipment', 'storage tanks', 'tanks', 'process tanks'],
  '44': ['pollution and waste control equipment', 'pollution control', 'air pollution control', 'dust collection', 'waste control'],
  '45': ['industry specific manufacturing equipment', 'manufacturing equipment'],
  '46': [
    'water and wastewater equipment', 'water treatment', 'water treatment equipment', 'wastewater treatment',
    'wastewater treatment equipment', 'treatment plant equipment',
  ],
  '48': ['electrical power generation', 'power generation', 'wind turbines', 'wind energy', 'fuel cells'],
};

/** Cells that name several trades in one word ("MEP"). Only `resolveTrades` expands these. */
const MULTI: Record<string, readonly string[]> = {
  mep: ['22', '23', '26'],
  'm e p': ['22', '23', '26'],
  'mechanical electrical plumbing': ['22', '23', '26'],
  'mechanical electrical and plumbing': ['22', '23', '26'],
  'mechanical plumbing': ['22', '23'],
  'plumbing and hvac': ['22', '23'],
  'hvac and plumbing': ['22', '23'],
};

/** Trailing words that do not change the trade ("Electrical Contractor", "Roofing Services"). */
const GENERIC_SUFFIX = /\s+(?:contractors?|subcontractors?|subs?|works?|trades?|services?|systems?|installers?|installation|company|co|inc|llc|ltd|corp|corporation)$/;

/** Lowercase; "&" → "and"; apostrophes dropped; every other non-alphanumeric becomes a space. */
export function normalizeTag(tag: string): string {
  return tag
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

const aliasIndex: Map<string, Division> = (() => {
  const m = new Map<string, Division>();
  const add = (key: string, code: string) => {
    const k = normalizeTag(key);
    const d = byCode.get(code);
    if (!d) throw new Error(`taxonomy alias ${key} names unknown division ${code}`);
    const prior = m.get(k);
    if (prior && prior.code !== code) throw new Error(`taxonomy alias ${key} maps to both ${prior.code} and ${code}`);
    m.set(k, d);
  };
  for (const d of DIVISIONS) add(d.name, d.code);
  for (const [code, keys] of Object.entries(ALIASES)) for (const k of keys) add(k, code);
  return m;
})();

function lookupWords(norm: string): Division | null {
  const candidates = new Set<string>([norm]);
  let s = norm;
  for (let i = 0; i < 3; i++) {
    const stripped = s.replace(GENERIC_SUFFIX, '');
    if (stripped === s || !stripped) break;
    s = stripped;
    candidates.add(s);
  }
  for (const c of [...candidates]) {
    if (c.endsWith('s')) candidates.add(c.slice(0, -1));
    candidates.add(`${c}s`);
  }
  for (const c of candidates) {
    const d = aliasIndex.get(c);
    if (d) return d;
  }
  return null;
}

const DIV_PREFIX = String.raw`(?:csi\s+)?(?:div(?:ision)?s?\s*(?:no\s*)?)`;
/** "26", "div 26", "division 9", "div 09" */
const RE_DIVISION = new RegExp(String.raw`^(?:${DIV_PREFIX}(\d{1,2})|(\d{2}))$`);
/** "26 05 19", "260519", "26 05 19 13", "section 26 05 19" */
const RE_SECTION = /^(?:(?:spec(?:ification)?\s+)?section\s+)?(\d{2})\s?(\d{2})\s?(\d{2})(?:\s?\d{2})?$/;
/** "Division 26 Electrical", "26 Electrical" */
const RE_NUMBERED_NAME = new RegExp(String.raw`^(?:${DIV_PREFIX})?(\d{1,2})\s+([a-z].*)$`);

/** One trade tag → its division, or null when it is not a trade we know. */
export function resolveTrade(tag: string): Division | null {
  const norm = normalizeTag(tag);
  if (!norm) return null;
  let m = RE_DIVISION.exec(norm);
  if (m) return divisionByCode(m[1] ?? m[2]!) ?? null;
  m = RE_SECTION.exec(norm);
  if (m) return divisionByCode(m[1]!) ?? null;
  m = RE_NUMBERED_NAME.exec(norm);
  if (m) {
    const byNumber = divisionByCode(m[1]!);
    if (!byNumber) return null;
    const byWords = lookupWords(m[2]!);
    // "26 Electrical" agrees; "09 Electrical" contradicts itself and is not guessed at.
    if (byWords && byWords.code !== byNumber.code) return null;
    return byNumber;
  }
  return lookupWords(norm);
}

/**
 * A contact's trades cell ("Electrical, Low Voltage / Fire Alarm"): split on , ; / | and " and ",
 * resolve each piece, dedupe. Pieces that are not trades come back in `unknown` (as written).
 */
export function resolveTrades(tags: string): { divisions: Division[]; unknown: string[] } {
  const found = new Map<string, Division>();
  const unknown: string[] = [];
  const addCodes = (codes: readonly string[]) => {
    for (const c of codes) {
      const d = byCode.get(c);
      if (d) found.set(d.code, d);
    }
  };
  const whole = resolveTrade(tags);
  const wholeMulti = MULTI[normalizeTag(tags)];
  if (whole) found.set(whole.code, whole);
  else if (wholeMulti) addCodes(wholeMulti);
  else {
    for (const raw of tags.split(/[,;/|\n]/)) {
      const piece = raw.trim().replace(/^(?:and|&|\+)\s+/i, '');
      if (!piece || !normalizeTag(piece)) continue;
      const d = resolveTrade(piece);
      if (d) {
        found.set(d.code, d);
        continue;
      }
      const multi = MULTI[normalizeTag(piece)];
      if (multi) {
        addCodes(multi);
        continue;
      }
      // "Plumbing and Heating", "Doors & Hardware": try the parts.
      const parts = piece.split(/\s+(?:and|&|\+)\s+|\s*[&+]\s*/i).map((p) => p.trim()).filter((p) => p && normalizeTag(p));
      if (parts.length > 1) {
        for (const p of parts) {
          const pd = resolveTrade(p);
          if (pd) found.set(pd.code, pd);
          else unknown.push(p);
        }
      } else {
        unknown.push(piece);
      }
    }
  }
  const divisions = [...found.values()].sort((a, b) => a.code.localeCompare(b.code));
  return { divisions, unknown: [...new Set(unknown)] };
}
