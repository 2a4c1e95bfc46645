/**
 * What solicitations build: facilities, works and products named as the work ("construction of a
 * practice field and parking area", "prefabricated classrooms together with all associated site
 * works", "watermain replacement", "removal of the pedestrian bridge"). Calls for tenders in the US,
 * Canada, the UK, Ireland, Australia / New Zealand, South Africa, India, East Africa and the
 * Philippines state their work this way far more often than in trade words, so a reader that only
 * knows trade words misses the job.
 *
 * A facility word is not a trade word: "parking area" in "bidders may use the parking area" is where
 * someone parks. It counts only where the sentence makes it the work — the object of a work verb
 * ("construct", "replacement of", "supply and install", "design and construction of", "carry out"),
 * or followed by a work noun ("Granular Road Conversion", "Drain Maintenance", "Bridge Removal").
 * The same words in experience requirements ("experienced in watermain construction"), past tense,
 * places ("… on Main Road", "Smith Road School") or coordination language do not count.
 * What is removed or demolished is demolition (02), whatever it was.
 */

/**
 * Works and facilities → the division a general contractor invites for building them. Written per
 * division from what civil, site and building works are called in tenders, singular (plurals match).
 */
export const WORKS: Readonly<Record<string, readonly string[]>> = {
  '05': ['steel framed', 'steel-framed', 'steel frame building', 'steel frame structure', 'structural steel frame'],
  '06': ['timber framed', 'timber-framed', 'timber frame', 'wood framed', 'wood-framed', 'boardwalk', 'pergola', 'gazebo', 'timber deck', 'timber jetty'],
  '13': [
    'prefabricated classroom', 'prefabricated building', 'prefabricated unit', 'prefab classroom', 'modular classroom', 'modular building',
    'modular unit', 'relocatable classroom', 'relocatable building', 'portable classroom', 'portable building', 'demountable classroom',
    'demountable building', 'transportable building', 'temporary accommodation unit', 'pre-engineered metal building', 'pre-engineered building',
    'metal building system', 'swimming pool', 'wading pool', 'lap pool', 'hydrotherapy pool', 'splash pad', 'splash park', 'spray park',
    'spray pad', 'water play area', 'water playground', 'aquatic play', 'greenhouse', 'glasshouse', 'shade structure', 'shade sail',
    'fabric structure', 'tensile structure', 'cold room', 'walk-in cooler', 'walk-in freezer', 'sauna', 'storage container',
  ],
  '31': [
    'earthworks', 'site grading', 'bulk earthworks', 'embankment', 'ditch', 'ditching', 'municipal drain', 'drain maintenance', 'drain cleanout',
    'ditch cleanout', 'clearing and brushing', 'brushing and clearing', 'clearing and grubbing', 'levelling of spoil', 'spoil levelling',
    'land clearing', 'site clearance', 'piling', 'piling works', 'sheet pile wall', 'shoring', 'slope stabilization', 'slope stabilisation',
    'landslide repair', 'soil nail wall', 'dewatering',
    // East African water works dug in earth: a water pan or farm pond is excavated and embanked, not piped.
    'water pan', 'earth pan', 'farm pond',
  ],
  '32': [
    'parking area', 'parking lot', 'car park', 'carpark', 'parking bay', 'parking stall', 'driveway', 'access road', 'gravel road',
    'granular road', 'rural road', 'haul road', 'service road', 'roadway', 'road', 'sidewalk', 'footpath', 'footway', 'walkway', 'pathway',
    'walking path', 'foot path', 'multi-use path', 'multi-use trail', 'shared use path', 'shared path', 'bike path', 'bike lane', 'bikeway',
    'cycleway', 'cycle path', 'cycle track', 'greenway', 'trail', 'nature trail', 'hiking trail', 'practice field', 'playing field',
    'sports field', 'sport field', 'athletic field', 'ball field', 'ballfield', 'baseball field', 'softball field', 'soccer field',
    'football field', 'football pitch', 'rugby pitch', 'cricket pitch', 'cricket oval', 'sports pitch', 'sports ground', 'playground',
    'play area', 'play space', 'skate park', 'skatepark', 'bmx track', 'pump track', 'dog park', 'running track', 'athletics track',
    'tennis court', 'basketball court', 'netball court', 'pickleball court', 'volleyball court', 'sports court', 'multi-purpose court',
    'multi-sport court', 'futsal court', 'plaza', 'forecourt', 'streetscape', 'landscaping', 'fence', 'fencing', 'boundary wall',
    'perimeter wall', 'retaining wall', 'kerb', 'curb', 'hardstand', 'hardstanding', 'hard standing', 'paved area', 'bus bay',
    'turnaround', 'cul-de-sac', 'roundabout', 'median', 'pavement', 'resurfacing', 'site works', 'external works', 'associated site works',
  ],
  '33': [
    'watermain', 'water main', 'water line', 'waterline', 'water supply line', 'water service', 'water reticulation', 'sewer', 'sewer main',
    'sanitary sewer', 'storm sewer', 'storm drain', 'stormwater drain', 'stormwater line', 'stormwater pipe', 'drainage pipe', 'culvert',
    'box culvert', 'force main', 'forcemain', 'rising main', 'pump station', 'pumping station', 'lift station', 'booster station',
    'water tower', 'water tank', 'elevated tank', 'water reservoir', 'stormwater pond', 'stormwater management pond', 'detention pond',
    'retention pond', 'detention basin', 'infiltration basin', 'soakaway', 'outfall', 'gas main', 'gas line', 'sewer lateral',
    'service connection', 'borehole', 'water well', 'tube well', 'septic system', 'septic tank', 'drainage system', 'subdrain',
    'underground utilities', 'underground drain', 'u/g drain',
  ],
  '34': ['traffic signal', 'traffic light', 'signalized intersection', 'railway siding', 'rail siding', 'level crossing', 'bus shelter', 'transit shelter', 'guardrail', 'guide rail'],
  '35': [
    'stream restoration', 'stream rehabilitation', 'streambank', 'stream bank', 'stream channel', 'creek restoration', 'river restoration',
    'channel restoration', 'bank stabilization', 'bank stabilisation', 'riverbank', 'shoreline', 'seawall', 'sea wall', 'breakwater', 'jetty',
    'wharf', 'dock', 'boat ramp', 'boat launch', 'marina', 'weir', 'levee', 'dike', 'revetment', 'fish passage', 'log toe', 'boulder structure',
    'rootwad',
  ],
};

/** Things whose removal or demolition is the work: what is taken down is demolition (02). */
const REMOVED = /\b(?:bridges?|buildings?|structures?|houses?|sheds?|garages?|dwellings?|towers?|chimneys?|canopy|canopies|tanks?|facilit(?:y|ies)|portables?|classrooms?|blocks?|pads?|slabs?|foundations?|walls?|footings?|trail\s+paths?)\b/i;

/**
 * A work verb, noun or phrase whose object is the work: present, gerund or nominal forms only (past
 * tense describes what was done before). "carry out" / "undertake" take their object the same way.
 */
const WORK_VERB = new RegExp(
  String.raw`\b(?:design(?:ing)?\s+and\s+(?:construct(?:ing|ion)?|build(?:ing)?|install(?:ing|ation)?)(?:\s+of)?|design[-\s]build(?:\s+of)?|construct(?:ing|ion\s+of)?|to\s+build|build(?:ing)?\s+(?=(?:an?|the|new)\b)|install(?:ing|ation\s+of)?|replac(?:e|ing|ement\s+of)|repair(?:ing|s?\s+(?:of|to))?|rehabilitat(?:e|ing|ion\s+of)|reconstruct(?:ing|ion\s+of)?|refurbish(?:ing|ment\s+of)?|upgrad(?:e|ing)(?:\s+of)?|resurfac(?:e|ing)(?:\s+of)?|extension\s+of|erect(?:ing|ion\s+of)?|suppl(?:y|ying)(?:\s+(?:and|&)\s+(?:install(?:ation)?|deliver(?:y)?|erect(?:ion)?|fix(?:ing)?))?(?:\s+of)?|deliver(?:y|ing)?\s+(?:and\s+install(?:ation)?\s+)?of|purchase\s+of|rental\s+(?:or\s+purchase\s+)?of|carry(?:ing)?\s+out|undertak(?:e|ing)|execution\s+of|conver(?:t|ting|sion\s+of)|expan(?:d|ding|sion\s+of)|de-?silt(?:ing)?(?:\s+of)?|maintenance\s+of|restor(?:e|ing|ation\s+of)|(?:works?|project|operations|scope)\s+(?:will\s+)?(?:comprises?|consists?\s+of|includes?|include|involves?)|connect(?:ing|ion)?\s+to(?=\s+(?:the\s+)?existing\b)|remov(?:e|ing|al)\s+(?:and|&)\s+(?:dispos(?:e|al|ing)|haul(?:ing|age)?(?:\s+(?:off|away))?|cart(?:ing|age)?(?:\s+away)?)(?:\s+of)?|remov(?:e|ing|al\s+of)|demoli(?:sh|shing|tion\s+of))\b`,
  'gi',
);
const REMOVAL_VERB = /^(?:remov|demoli)/i;
const BUILT_AGAIN = /^\s*(?:and|&|\/)\s+(?:replac|reinstal|reinstat|re-?lay|reset|re-?construct|rebuild|re-?erect)\w*/i;

/** A work noun after the facility makes it the work ("Watermain Replacement", "Bridge Removal", "Road Conversion"). */
const WORK_NOUN_AFTER = /^\s*(?:[-–]\s*)?(?:construction|replacement|rehabilitation|reconstruction|upgrades?|upgrading|improvements?|installation|repairs?|resurfacing|conversion|maintenance|renewal|restoration|extension|relining|lining|works|removal|demolition)\b/i;
const REMOVAL_NOUN = /^\s*(?:[-–]\s*)?(?:removal|demolition)\b/i;

/** Where the verb's object ends: a place, a purpose, a clause, a sentence. */
// A full stop before a capital, or before a list's next marker ("… materials. b) Complete …"), ends the object.
const OBJECT_PUNCT = /[;:!?]|\.(?=\s+[A-Z(]|\s+[a-z0-9]{1,2}[.)]\s|\s*$)/;
const OBJECT_END = /\b(?:at|in|on|for|near|within|along|alongside|across|adjacent|located|situated|from|to|by|under|over|behind|between|which|that|who|where|when|while|so|as|per|using|under|according|prior|before|after|during|if|shall|will|must|should|may|is|are|was|were)\b/i;
const MAX_OBJECT = 140;

/** The work is someone's experience, or was done before: not this job. */
const NOT_THIS_JOB = /\b(?:experience[ds]?|experienced|similar|previous(?:ly)?|past|completed|references?|track\s+record)\b/i;
/** A facility word followed by a building word is a place's name ("Park Road School", "Trail Centre"). */
const PLACE_NAME_AFTER = /^\s*(?:school|hall|centre|center|station|building|library|office|hospital|clinic|campus|elementary|primary|secondary|middle|high|academy|college|university|church|complex|estate|district|county|township|village|city|town|business|industrial|community|house)\b/i;

interface WorksEntry {
  division: string;
  phrase: string;
  re: RegExp;
  /** The phrase names its own work ("drain maintenance", "stream restoration"). */
  selfStated: boolean;
}

const ENTRIES: readonly WorksEntry[] = Object.entries(WORKS)
  .flatMap(([division, phrases]) => phrases.map((phrase) => ({ division, phrase })))
  // Longest first, so "sanitary sewer" is read before "sewer".
  .sort((a, b) => b.phrase.length - a.phrase.length)
  .map(({ division, phrase }) => {
    const body = phrase.split(/[\s-]+/).map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join(String.raw`[\s-]*`);
    return { division, phrase, re: new RegExp(String.raw`(?<![A-Za-z0-9])${body}(?:e?s)?(?![A-Za-z0-9])`, 'gi'), selfStated: WORK_NOUN_AFTER.test(phrase.replace(/^\S+\s+/, '')) };
  });

export interface WorksHit {
  division: string;
  phrase: string;
  index: number;
  length: number;
}

/** The spans of a sentence that are the object of a work verb, and whether the verb removes. */
export function workObjects(sentence: string): Array<{ start: number; end: number; removal: boolean }> {
  const out: Array<{ start: number; end: number; removal: boolean }> = [];
  WORK_VERB.lastIndex = 0;
  for (let m = WORK_VERB.exec(sentence); m; m = WORK_VERB.exec(sentence)) {
    if (NOT_THIS_JOB.test(sentence.slice(Math.max(0, m.index - 60), m.index))) continue;
    const start = m.index + m[0].length;
    const rest = sentence.slice(start, start + MAX_OBJECT);
    // The object runs to the first place, purpose or clause word; a preposition right after the verb ("repairs to the wall") belongs to it.
    const lead = /^\s*(?::\s*)?(?:(?:of|to|for)\s+)?/i.exec(rest)?.[0].length ?? 0;
    const body = rest.slice(lead);
    const stop = Math.min(OBJECT_PUNCT.exec(body)?.index ?? body.length, OBJECT_END.exec(body)?.index ?? body.length);
    const end = start + lead + stop;
    // "Remove and replace …", "removal and reinstatement of …": what is taken out is built again, so the object is built work.
    if (end > start) out.push({ start, end, removal: REMOVAL_VERB.test(m[0]) && !BUILT_AGAIN.test(rest) });
  }
  return out;
}

/**
 * "13 Asphalt Trail SY 930", "9 Tree Protection Fence LF 100": a bid schedule's priced item (number, description,
 * unit, quantity). Its units are fewer than units.ts's on purpose: it searches a whole page's text, not a row,
 * so only plain capital abbreviations that are never a word of a title or a sentence ("T", "NO", "LOT", "SUM" can be).
 */
const PRICED_ITEM = /(?<![\w.,$])\d{1,3}\s+([A-Z][A-Za-z0-9 ,&/()'-]{2,70}?)\.?\s+(?:LS|SY|SF|LF|EA|CY|CF|TON|GAL|AC|M2|M3|LM|NR)\s+[$\d]/g;

/** The works a bid schedule's priced items name: each item's description is work to price. */
export function pricedItemWorks(text: string): WorksHit[] {
  if (!/\s(?:LS|SY|SF|LF|EA|CY|CF|TON|GAL|AC|M2|M3|LM|NR)\s+[$\d]/.test(text)) return [];
  const out: WorksHit[] = [];
  PRICED_ITEM.lastIndex = 0;
  for (let m = PRICED_ITEM.exec(text); m; m = PRICED_ITEM.exec(text)) {
    const at = m.index + m[0].indexOf(m[1]!);
    for (const w of statedWorks(m[1]!, { item: true })) out.push({ ...w, index: at + w.index });
  }
  return out;
}

/**
 * The works a sentence states as its work, with their divisions: facility words inside a work
 * verb's object, or followed by a work noun. A removal's object is demolition (02).
 */
export function statedWorks(sentence: string, opts: { item?: boolean } = {}): WorksHit[] {
  const objects = workObjects(sentence);
  const out: WorksHit[] = [];
  const taken: Array<[number, number]> = [];
  for (const e of ENTRIES) {
    e.re.lastIndex = 0;
    for (let m = e.re.exec(sentence); m; m = e.re.exec(sentence)) {
      const index = m.index;
      const end = index + m[0].length;
      if (taken.some(([s, t]) => index < t && s < end)) continue;
      const after = sentence.slice(end);
      if (PLACE_NAME_AFTER.test(after)) continue;
      const object = objects.find((o) => index >= o.start && end <= o.end);
      const named = e.selfStated || WORK_NOUN_AFTER.test(after);
      // A priced item's description is its work ("13 Asphalt Trail SY 930").
      if (!object && !named && !opts.item) continue;
      if (named && NOT_THIS_JOB.test(sentence.slice(Math.max(0, index - 60), index))) continue;
      taken.push([index, end]);
      const removal = object ? object.removal : REMOVAL_NOUN.test(after);
      out.push({ division: removal ? '02' : e.division, phrase: e.phrase, index, length: m[0].length });
    }
  }
  // "Removal of the pedestrian bridge", "demolish the existing building": what is taken down is demolition.
  for (const o of objects) {
    if (!o.removal) continue;
    const r = REMOVED.exec(sentence.slice(o.start, o.end));
    if (r && !out.some((h) => h.division === '02' && h.index >= o.start && h.index < o.end)) out.push({ division: '02', phrase: r[0].toLowerCase(), index: o.start + r.index, length: r[0].length });
  }
  return out.sort((a, b) => a.index - b.index);
}
