/**
 * Per-division keyword lexicons: phrases that mean real scope for a trade, each with a weight, and
 * the negative contexts in which a phrase means nothing (code citations, boilerplate, work by
 * others, existing to remain). The one place that says which words mean which trade in a document;
 * divisions are validated against taxonomy.ts.
 *
 * Weights: 3 = unmistakable scope (a schedule or plan of the trade), 2 = a clear item of the trade,
 * 1 = typical but shared words, 0.5 = weak (needs company).
 */
import { divisionByCode } from './taxonomy.js';
import { STRENGTH_WEIGHT, VOCABULARY, type Strength } from './vocabulary.js';
import { compileWordOccurrences } from './word-occurrences.js';

export interface LexiconEntry {
  division: string;
  phrase: string;
  weight: number;
  /** Matches the phrase (case-insensitive, flexible spacing/hyphens, optional plural). */
  re: RegExp;
  /** One word of the phrase in lower case (its longest): text without it cannot match, so the regex is skipped. */
  anchor: string;
}

type Table = Record<string, ReadonlyArray<readonly [phrase: string, weight: number]>>;

const TABLE: Table = {
  '02': [
    ['strip out', 2], ['dismantling', 1.5], ['demolish', 1.5], ['demolition', 1.5], ['demolition plan', 3], ['demo plan', 3], ['selective demolition', 3], ['demolition keynote', 2.5], ['demolition notes', 2],
    ['site demo', 2.5], ['existing conditions and site demo', 3], ['to be demolished', 2], ['shall be demolished', 2],
    ['remove existing', 1], ['existing wall to be removed', 1], ['saw cut and remove', 2], ['sawcut and remove', 2],
    ['asbestos abatement', 1.5], ['hazardous materials abatement', 2], ['milling', 1], ['dig out', 1.5], ['dig-out', 1.5],
    ['hazardous materials removal', 2], ['asbestos removal', 2], ['remove and salvage', 1.5], ['remove and dispose', 1.5], ['remove and replace', 0.5],
  ],
  '03': [
    ['foundation pad', 2], ['equipment pad', 2], ['housekeeping pad', 2], ['generator pad', 2], ['concrete repair', 2.5], ['shotcrete', 2.5],
    ['steel reinforcement', 2], ['shuttering', 1.5], ['stone aggregate', 0], ['coarse aggregate', 0], ['graded aggregate', 0], ['in-situ concrete', 2.5], ['insitu concrete', 2.5], ['mass concrete', 2], ['strip footing', 2], ['strip foundation', 2], ['pad footing', 2], ['drilled pier', 2], ['bored pier', 2], ['blinding', 1.5], ['ready mixed concrete', 2], ['cement concrete', 2.5], ['RCC', 2], 
    ['cast-in-place concrete', 3], ['cast in place concrete', 3], ['concrete slab', 2], ['slab on grade', 2], ['concrete pad', 1.5],
    ['concrete foundation', 2], ['concrete footing', 2], ['footing', 1], ['foundation wall', 1.5], ['concrete wall', 1.5],
    ['reinforcing steel', 1.5], ['rebar', 1.5], ['welded wire', 1.5], ['concrete mix', 2], ['psi concrete', 2], ['fiber concrete', 2],
    ['form and pour', 2], ['form stripping', 1.5], ['formwork', 2], ['concrete formwork', 2.5], ['sealed concrete', 1.5], ['concrete floor', 1.5], ['concrete apron', 1.5], ['lego block', 1],
    ['precast concrete', 2], ['grout', 0.5], ['concrete', 0.5], ['foundations', 1],
  ],
  '04': [
    ['brick work', 2.5], ['block work', 2], ['masonry block', 2.5], ['blockwork', 2], ['brickwork', 2], ['facing brick', 2], ['articulation joint', 1.5], 
    ['repoint', 3], ['repointing', 3], ['tuckpoint', 3], ['tuck point', 3], ['brick', 1.5], ['masonry', 1], ['CMU', 2],
    ['concrete masonry unit', 2], ['mortar', 1.5], ['masonry restoration', 3], ['unit masonry', 2.5], ['cast stone', 2],
    ['stone veneer', 2], ['brick veneer', 2], ['masonry wall', 1.5], ['lintel', 0.5],
    // Fasteners named after what they fasten into are not masonry work.
    // Crushed stone is a road base or drainage aggregate, never a mason's stone.
    ['crushed stone', 0], ['crushed-stone base', 0],
    ['masonry anchor', 0], ['stone anchor', 0], ['masonry screw', 0], ['concrete anchor', 0], ['expansion anchor', 0],
  ],
  '05': [
    ['steelwork', 2], ['structural steelwork', 3], ['purlin', 1.5], ['steel truss', 2], ['steel lintel', 1], 
    ['structural steel', 3], ['steel beam', 2], ['steel column', 2], ['wide flange', 2], ['steel joist', 2.5], ['metal deck', 2],
    ['steel deck', 2], ['miscellaneous metal', 2], ['metal fabrication', 2], ['steel stair', 2], ['metal stair', 2],
    ['steel railing', 2], ['pipe railing', 1.5], ['guardrail', 1], ['steel angle', 1.5], ['HSS', 1], ['embed plate', 1.5],
    ['pre-engineered', 1], ['structural frame', 1], ['structural objectives', 1], ['post and frame', 1.5], ['pole shed', 1.5],
  ],
  '06': [
    ['baseboard', 1.5], ['crown molding', 2], ['crown moulding', 2], ['shoe molding', 2], ['kitchen units', 2], ['kitchen cabinets', 2], ['timber', 1], ['timber framing', 2.5], ['timber frame', 2], ['timber floor', 2], ['timber stud', 2], ['timber joist', 2.5], ['floor joist', 2], ['roof truss', 2], ['trussed rafter', 2.5], ['rafter', 1.5], ['noggin', 2], ['wall framing', 2], ['floor framing', 2], ['glulam', 2], ['carpentry', 2.5], ['joinery', 2.5], ['skirting', 1.5], ['architrave', 1.5], ['plastic laminate label', 0], ['plastic laminate nameplate', 0], ['engraved plastic', 0], ['laminated plastic nameplate', 0], 
    ['casework', 2], ['cabinet', 1.5], ['cabinetry', 2], ['millwork', 2.5], ['architectural woodwork', 3], ['plastic laminate', 2],
    ['wood blocking', 1.5], ['fire treated wood', 1], ['wood framing', 2], ['oak', 1], ['wood countertop', 2], ['plywood', 1.5],
    ['sheathing', 1], ['rough carpentry', 3], ['finish carpentry', 3], ['filler panel', 1.5], ['wood trim', 1.5], ['wood panel', 1],
    ['solid surface', 1.5], ['wood paneling', 1.5], ['oak paneling', 2], ['oak panelling', 2], ['wood lab', 1],
  ],
  '07': [
    ['standing seam', 2], ['metal roofing', 2], ['roof coating', 2], ['built-up roof', 2.5], ['modified bitumen', 2.5], ['TPO', 2], ['single-ply', 2],
    ['roof replacement', 2.5], ['reroofing', 2.5], ['reroof', 2.5], ['roof repair', 2], ['EPDM', 2.5], ['roof sheeting', 2], ['roof tile', 2], ['breather membrane', 2], ['lead flashing', 2], ['cladding', 1.5], 
    ['roofing', 2], ['roof membrane', 2.5], ['membrane roof', 2.5], ['membrane cover', 1.5], ['shingle', 2], ['metal roof', 2],
    ['waterproofing', 1.5], ['dampproofing', 2], ['batt insulation', 2], ['rigid insulation', 1.5], ['insulation', 0.5],
    ['spray foam', 1.5], ['air barrier', 1.5], ['vapor barrier', 1], ['vapor retarder', 1], ['firestop', 1.5], ['firestopping', 1.5],
    ['fireproofing', 2], ['sealant', 1], ['joint sealant', 1.5], ['caulk', 1], ['flashing', 1.5], ['sheet metal flashing', 2],
    ['gutter', 1.5], ['downspout', 1.5], ['downpipe', 1.5], ['coping', 1], ['roof hatch', 1.5], ['siding', 1.5], ['metal wall panel', 2],
    ['weather-tight', 1], ['weathertight', 1], ['building envelope', 1], ['roof system', 1.5], ['roof structure', 0.5],
  ],
  '08': [
    ['roll-up door', 2.5], ['overhead roll-up door', 3], ['casement', 1.5], ['roller shutter', 2], ['aluminium window', 2], ['aluminum window', 2], 
    ['door schedule', 3], ['hardware set', 3], ['door hardware', 2], ['hollow metal frame', 2.5], ['hollow metal door', 2.5],
    ['door frame', 1.5], ['wood door', 2], ['overhead door', 2.5], ['overhead sectional door', 3], ['sectional door', 2.5],
    ['coiling door', 2.5], ['rolling door', 2], ['storefront', 2.5], ['curtain wall', 2.5], ['window schedule', 3], ['glazing', 1.5],
    ['glass', 0.5], ['window', 0.5], ['door', 0.5], ['openings', 1], ['assemblies + openings', 2], ['hinges', 1], ['door closer', 2],
    ['lockset', 2], ['deadbolt', 1.5], ['access panel', 1], ['louver', 1], ['skylight', 1.5], ['motorized opener', 1.5],
    ['door opener', 1.5], ['person door', 1.5], ['man door', 1.5], ['automatic door', 2],
  ],
  '09': [
    ['architectural finishes', 2], ['interior finishes', 2], ['paintwork', 2], ['floor coverings', 1.5], ['wood flooring', 2], ['athletic flooring', 2.5], ['epoxy floor', 2],
    ['sheetrock', 2], ['flooring', 1.5], ['floor covering', 1.5], ['vinyl floor', 2], ['ceramic tiling', 2], ['tiling', 1.5], ['skim finish', 2], ['skim coat', 2], ['rendered finish', 2], ['plastering', 2], ['wall tiles', 2], ['decorated', 1], ['decorating', 1.5], ['plasterboard', 2], ['external render', 2], ['cement render', 2], ['emulsion', 1.5], ['distemper', 1.5], ['whitewash', 1.5], ['floor tiling', 2], ['wall tiling', 2], 
    ['finish schedule', 3], ['finish plan', 3], ['room finish', 2], ['reflected ceiling plan', 3], ['gypsum board', 2],
    ['gypsum wallboard', 2], ['gyp bd', 1.5], ['GWB', 1.5], ['gypsum drywall', 2], ['drywall', 2], ['metal stud', 2],
    ['acoustical ceiling', 2.5], ['acoustic ceiling', 2.5], ['ACT', 1], ['ceiling tile', 2], ['suspended ceiling', 2],
    ['carpet', 1.5], ['carpet tile', 2], ['resilient flooring', 2.5], ['resilient base', 2], ['rubber base', 2], ['vinyl base', 2],
    ['VCT', 2], ['LVT', 2], ['sheet vinyl', 2], ['ceramic tile', 2], ['porcelain tile', 2], ['terrazzo', 2], ['epoxy flooring', 2],
    // "masonry paint" is a paint for masonry, painter's work; a primer alone also primes membranes and slabs.
    ['masonry paint', 2],
    ['paint', 1], ['painted', 0.5], ['painting', 1], ['repaint', 1.5], ['paint complete', 2], ['primer', 0.5], ['stucco', 2],
    ['restucco', 2.5], ['cement plaster', 2.5], ['plaster', 1.5], ['wall covering', 2], ['wallcovering', 2], ['finish to match', 0.5],
    // Paint made for masonry is a painter's product ("masonry paint work to the soffits"), not masonry work.
    ['masonry paint', 1.5], ['masonry paintwork', 2], ['masonry paint work', 2],
  ],
  '10': [
    ['marker board', 2], ['markerboard', 2], ['whiteboard', 1.5], ['tackboard', 2], ['tack board', 2], ['visual display', 2],
    ['toilet accessories', 3], ['toilet partition', 3], ['toilet compartment', 3], ['grab bar', 2], ['signage', 2],
    ['accessible signage', 2.5], ['room sign', 2], ['lockers', 1.5], ['fire extinguisher cabinet', 2.5], ['fire extinguisher', 1],
    ['corner guard', 2], ['wall protection', 1.5], ['flagpole', 2], ['mailbox', 1], ['signs', 1],
  ],
  '11': [
    ['playground equipment', 2.5], ['play equipment', 2.5], ['play structure', 2], ['walk-in cooler', 2.5], ['walk-in freezer', 2.5], ['laundry equipment', 2.5], ['basketball backstop', 2.5], ['scoreboard', 2], ['stage rigging', 2.5],
    ['food service equipment', 3], ['foodservice equipment', 3], ['kitchen equipment', 2.5], ['appliances', 1], ['fuel-burning appliance', 0],
    ['fume hood', 2.5], ['laboratory equipment', 2], ['vehicle exhaust', 2.5], ['exhaust removal', 1.5], ['wash bay', 2],
    ['vehicle wash', 2], ['car wash', 1], ['loading dock equipment', 2.5], ['dock leveler', 2.5], ['projection screen', 2],
    ['athletic equipment', 2],
  ],
  '12': [
    ['window covering', 2.5], ['window treatment', 2.5], ['epoxy countertop', 3], ['epoxy top', 3], ['epoxy resin', 2.5], ['lab casework', 3], ['laboratory casework', 3],
    ['metal casework', 2.5], ['window shade', 2], ['roller shade', 2.5], ['blinds', 1.5], ['furniture', 1], ['fixed seating', 2.5],
    ['entrance mat', 2], ['site furnishing', 2], ['countertop', 1], ['resin countertop', 2.5],
  ],
  '13': [
    ['pre-engineered metal building', 3], ['pre-engineered building', 2.5], ['metal building system', 2.5], ['swimming pool', 2.5],
    ['fabric structure', 2.5], ['cold storage building', 1], ['lightning protection', 2],
  ],
  '14': [
    ['elevator modernization', 3], ['hydraulic elevator', 2.5], ['elevator cab', 2], ['elevator controller', 2.5], ['hoistway', 2], ['elevator', 2], ['elevators', 2], ['escalator', 2.5], ['wheelchair lift', 2.5], ['platform lift', 2.5], ['dumbwaiter', 2.5],
    ['elevator shaft', 2], ['elevator pit', 2],
  ],
  '21': [
    ['sprinkler head', 3], ['fire sprinkler', 2.5], ['sprinkler system', 2.5], ['sprinkler piping', 2.5], ['wet pipe', 2],
    ['dry pipe', 2], ['standpipe', 2.5], ['fire department connection', 3], ['fire pump', 3], ['fire protection system', 2], ['fire services', 1.5], ['fire hydrant system', 2], ['hose reel', 2],
    ['sprinkler', 1.5], ['fire suppression', 2], ['clean agent', 2], ['sprinkler riser', 2.5], ['fire riser', 2],
  ],
  '22': [
    ['water fountain', 2], ['bottle filler', 2], ['bottle filling station', 2.5], ['restroom building', 2], ['restroom', 1], ['toilet room', 1.5], ['plumbing fixtures', 2.5],
    ['waste pipework', 2], ['waste pipe', 2], ['sanitary appliance', 2], ['hydraulic services', 2.5], ['sanitary plumbing', 2], ['sanitaryware', 2], ['WC', 1.5], ['basin', 1], ['soil stack', 2], ['soil and vent', 2], ['hot and cold water', 2], ['cold water storage', 2], 
    ['water closet', 2.5], ['lavatory', 2], ['lavatories', 2], ['urinal', 2.5], ['sink', 1], ['sinks', 1], ['floor drain', 1.5],
    ['plumbing fixture', 2.5], ['domestic water', 2.5], ['domestic hot water', 2.5], ['cold water', 1.5], ['hot water', 1],
    ['sanitary waste', 2], ['sanitary', 1], ['vent piping', 1.5], ['water heater', 2], ['cleanout', 1], ['backflow', 1.5],
    ['compressed air', 1.5], ['shower', 1.5], ['showers', 1.5], ['toilet', 1], ['plumbing', 1], ['plumbing plan', 3],
    ['eyewash', 1.5], ['emergency shower', 2], ['hose bibb', 2], ['drinking fountain', 2], ['trap primer', 2], ['washroom', 1],
    ['san lines', 1.5], ['hw, cw', 1.5], ['grease interceptor', 2], ['oil interceptor', 2], ['sump', 1],
  ],
  '23': [
    ['heated and cooled', 2], ['heating and cooling', 2], ['heat recovery', 2], ['air conditioner', 2], ['mechanical', 0.5], ['mechanical fastener', 0], ['mechanical anchor', 0], ['mechanical joint', 0], ['mechanical seeding', 0],
    ['air exchanger', 2.5], ['heat recovery ventilator', 2.5], ['energy recovery ventilator', 2.5], ['HRV', 2], ['ERV', 2], ['radiator', 1.5], ['underfloor heating', 2], ['ventilation system', 2], ['air handler', 2.5], ['furnace', 2], ['mini-split', 2], 
    ['ductwork', 2.5], ['duct', 1], ['diffuser', 2.5], ['diffusers', 2.5], ['grille', 1.5], ['register', 0.5], ['VAV', 2.5],
    ['variable air volume', 2.5], ['rooftop unit', 2.5], ['RTU', 2.5], ['air handling unit', 2.5], ['AHU', 2], ['exhaust fan', 2.5],
    ['fan coil', 2.5], ['unit heater', 2.5], ['heat pump', 2], ['hvac', 2], ['ventilation', 1.5], ['exhaust ventilation', 2],
    ['mechanical plan', 3], ['heating water', 2.5], ['hot water coil', 2.5], ['chilled water', 2.5], ['boiler', 2], ['chiller', 2.5],
    ['thermostat', 1.5], ['refrigerant', 2], ['condensing unit', 2.5], ['split system', 2], ['air conditioning', 2],
    ['make-up air', 2], ['makeup air', 2], ['radiant heat', 2], ['in-floor heat', 2], ['climate control', 1], ['heating', 0.5],
    ['mechanical systems', 1], ['mechanical services', 1.5], ['test and balance', 2], ['hvac distribution', 2], ['direct exhaust', 2],
  ],
  '25': [
    ['building automation system', 3], ['building management system', 3], ['direct digital control', 2.5], ['DDC', 1.5],
    ['BAS', 1], ['energy management system', 2.5],
  ],
  '26': [
    ['transfer switch', 2.5], ['automatic transfer switch', 3], ['standby generator', 2.5], ['emergency generator', 2.5], ['generator set', 2.5], ['solar array', 2], ['solar PV', 2], ['service entrance', 2], ['light pole', 2], ['sports lighting', 2.5],
    ['photovoltaic', 2], ['solar panel', 2], ['PV system', 2], ['three-phase power', 2], ['three phase', 1], ['welding receptacle', 2.5], ['welding outlet', 2.5], ['power outlet', 1.5], ['socket outlet', 2], ['fused spur', 2.5], ['twin and earth', 2], ['consumer unit', 2.5], ['distribution board', 2.5], ['switchgear', 2], 
    ['panel schedule', 3], ['panelboard', 2.5], ['lighting fixture schedule', 3], ['light fixture schedule', 3],
    ['luminaire schedule', 3], ['lighting plan', 3], ['power plan', 3], ['power and systems plan', 3], ['receptacle', 2],
    ['receptacles', 2], ['duplex', 1.5], ['GFCI', 2], ['junction box', 2], ['conduit', 1], ['electrical conduit', 2.5], ['PVC conduit', 2], ['rigid steel conduit', 2.5], ['branch circuit', 2], ['circuit breaker', 2],
    ['switchboard', 2.5], ['transformer', 1.5], ['disconnect switch', 2], ['luminaire', 2], ['light fixture', 2], ['led lighting', 2],
    ['emergency lighting', 2], ['exit sign', 1.5], ['lighting control', 2], ['occupancy sensor', 2], ['grounding', 1.5],
    ['feeder', 1.5], ['wiring', 1], ['electrical', 0.5], ['lighting', 1], ['yard lighting', 2], ['site lighting', 2],
    ['generator', 1.5], ['waste generator', 0], ['steam generator', 0], ['electrical system', 1.5], ['electrical services', 1.5], ['GPO', 2], ['power point', 1.5], ['MCB', 2], ['surface raceway', 2], ['wire mold', 2], ['wiremold', 2], ['backbox', 1.5],
    ['electrical plan', 3], ['one-line diagram', 3], ['single line diagram', 3], ['riser diagram', 1.5], ['120v', 1], ['3 phase', 1],
    ['electrical schedules', 3], ['electrical details', 2.5], ['electrical outlet', 1.5], ['electrical plugs', 1.5], ['duct bank', 2],
    // Residential plans name their devices in a symbol legend: ground-fault and arc-fault protection, outlets and switches.
    ['GFI', 2], ['GFCI outlet', 2.5], ['GFI outlet', 2.5], ['ground fault interrupt', 2], ['ground fault interrupter', 2],
    ['ground fault circuit interrupter', 2.5], ['AFCI', 2], ['arc fault', 2], ['duplex outlet', 2], ['convenience outlet', 2],
    ['light switch', 2], ['three-way switch', 2], ['3-way switch', 2], ['dimmer switch', 2], ['switched outlet', 2],
  ],
  '27': [
    ['telephone/data', 2.5], ['voice and data', 2.5], ['technology plan', 3], ['signal plan', 2], ['low voltage cable', 2], ['low voltage cabling', 2], ['paging speaker', 2], ['telecommunications', 2], ['data outlet', 2.5], ['data jack', 2.5], ['voice/data', 2.5], ['cat6', 2.5],
    ['cat 6', 2.5], ['structured cabling', 3], ['wireless access point', 2.5], ['WAP', 1], ['a/v', 1.5],
    ['audio visual', 2], ['audiovisual', 2], ['audio/visual', 2], ['pa system', 2], ['public address', 2], ['paging', 1.5],
    ['intercom', 1.5], ['intercommunication', 2], ['telecom', 2], ['data cabling', 2.5], ['fiber optic', 2], ['network', 0.5], ['information technology', 1],
    ['communications room', 2], ['IDF', 1.5], ['MDF', 1.5], ['technology', 0.5], ['internet', 0.5], ['display', 0.5],
  ],
  '28': [
    ['door hardware power supply', 1], 
    ['fire alarm', 2], ['fire alarm system', 2.5], ['smoke detector', 2], ['heat detector', 2], ['horn/strobe', 2.5],
    ['horn strobe', 2.5], ['pull station', 2], ['notification appliance', 2], ['FACP', 2.5], ['access control', 2.5],
    ['card reader', 2.5], ['key fob', 1.5], ['security camera', 2.5], ['CCTV', 2.5], ['video surveillance', 2.5],
    ['camera system', 2], ['intrusion detection', 2.5], ['security system', 2], ['door contact', 1.5], ['mass notification', 2],
  ],
  '31': [
    ['trenching', 1.5], ['excavating', 1.5], ['recompact', 1.5],
    ['earth work', 2.5], ['back filling', 2], ['grubbing', 2], ['excavated soil', 1.5], ['sediment fence', 2], ['cut and fill', 2], ['bulk excavation', 2.5], ['hardcore', 1.5], 
    ['excavation', 2], ['excavate', 1.5], ['compacted fill', 2.5], ['compacted soil', 2.5], ['compaction', 1.5], ['backfill', 2],
    ['grading', 1.5], ['grading plan', 3], ['site grading', 2.5], ['rough grading', 2.5], ['fine grading', 2.5], ['subgrade', 2],
    ['erosion control', 2], ['silt fence', 2.5], ['clearing and grubbing', 2.5], ['topsoil', 1.5], ['granular base', 2],
    ['geotechnical', 1], ['imported material', 1.5], ['engineered fill', 2.5], ['structural fill', 2], ['new grade', 1.5],
    ['lower grade', 1.5], ['to grade', 0.5], ['earthwork', 2.5], ['site preparation', 1.5], ['widening', 1], ['stripping', 1],
    ['dewatering', 2], ['shoring', 1.5], ['trench', 1], ['fill area', 1],
  ],
  '32': [
    ['artificial turf', 2.5], ['synthetic turf', 2.5], ['synthetic grass', 2.5], ['safety surfacing', 2.5], ['playground surfacing', 2.5], ['rubber surfacing', 2.5], ['bituminous paving', 3], ['bituminous', 1.5], ['mill and overlay', 2.5], ['mill overlay', 2.5], ['resurfacing', 2], ['patio', 1.5],
    ['access road', 2], ['taxiway', 2], ['runway', 2], ['aggregate base', 2], ['turf', 1.5], ['turfing', 2], ['block paving', 2.5], ['paving slab', 2], ['kerb', 1.5], ['footpath', 1.5], ['driveway', 1.5], ['tarmac', 2], 
    ['asphalt paving', 3], ['ac paving', 3], ['asphalt', 2], ['paving', 1.5], ['pavement', 1.5], ['slurry seal', 3],
    ['crack sealing', 2.5], ['crack routing', 2.5], ['crack filling', 2], ['overlay', 1], ['striping', 2], ['pavement marking', 2.5],
    ['parking stall', 2], ['concrete walk', 2.5], ['concrete walkway', 2.5], ['concrete sidewalk', 2.5], ['sidewalk', 1.5],
    ['concrete paving', 2.5], ['curb and gutter', 2.5], ['curb', 1], ['aggregate surfacing', 2], ['aggregate', 1], ['landscape', 1.5],
    ['landscaping', 2], ['planting', 2], ['planting bed', 2.5], ['plantings', 2], ['planter', 1], ['irrigation', 2], ['sod', 2], ['reseed', 1.5], ['grass seed', 2],
    ['seeding', 1.5], ['hydroseed', 2.5], ['trees', 1], ['shrubs', 1.5], ['mulch', 1.5], ['fence', 1], ['fencing', 1.5],
    ['chain link', 2], ['retaining wall', 1.5], ['bollard', 1], ['pavers', 2], ['heavy duty asphalt', 3], ['light duty asphalt', 3],
    ['paving fabric', 2.5], ['parking lot', 1.5],
    // A road's binder and surface units, not a painter's emulsion or a mason's brick.
    ['asphalt emulsion', 2.5], ['emulsified asphalt', 2.5], ['brick sidewalk', 2.5], ['brick paving', 2.5], ['brick pavers', 2.5],
    // A ramp's detectable warning surface, whatever it is cast from ("masonry truncated domes cast in place").
    ['truncated domes', 2], ['masonry truncated domes', 2], ['concrete truncated domes', 2], ['detectable warning surface', 2.5],
  ],
  '33': [
    ['jack and bore', 2.5], ['force main', 2.5], ['lift station', 2.5], ['pump station', 1.5], ['cured-in-place pipe', 2.5], ['ductile iron', 1.5], ['service lateral', 2], ['sewer lateral', 2], ['water meter', 1.5], ['meter box', 1.5], ['hydrant', 1.5],
    ['drop inlet', 2.5], ['drain basin', 2], ['sewer cleanout', 1.5], ['curb inlet', 2.5], ['RCP', 2], ['HDPE', 1], ['underground storage', 2], ['water line', 1.5], ['watermain', 2.5], ['directional drilling', 1.5], ['stormwater', 2], ['stormwater drainage', 2.5], ['inspection chamber', 2], ['subsoil drain', 1.5], ['foul drainage', 2], ['soakaway', 2], 
    ['storm drain', 2.5], ['storm drainage', 2.5], ['storm sewer', 2.5], ['sanitary sewer', 2.5], ['water main', 2.5],
    ['water service', 1.5], ['fire hydrant', 1.5], ['catch basin', 2.5], ['manhole', 2], ['culvert', 2], ['drainage lines', 2],
    ['drain line', 1], ['trench drain', 1.5], ['underground piping', 2], ['drainage', 1], ['site utilities', 2.5],
    ['utility plan', 3], ['site services', 2], ['underground services', 2], ['sewer', 1], ['septic', 2], ['collector', 0.5],
    ['natural drainage', 1.5], ['civil drainage', 2.5], ['gas service', 1.5], ['pvc', 0.5],
  ],
  '34': [['traffic signal', 2.5], ['railroad', 2], ['rail track', 2]],
  '41': [['overhead crane', 2.5], ['bridge crane', 2.5], ['jib crane', 2.5], ['crane rail', 2], ['monorail hoist', 2]],
  '35': [['dredging', 3], ['seawall', 2.5], ['bulkhead wall', 1.5], ['marine', 1]],
};

/**
 * Escape a phrase into a flexible regex (spaces ↔ hyphens, optional plural). Case-insensitive,
 * except phrases written in capitals in the table: short abbreviations (ACT, RTU, CMU) only count
 * in capitals, so "act" or "bas" in prose are not trade words.
 */
export function phraseRegex(phrase: string): RegExp {
  const caseSensitive = /[A-Z]/.test(phrase) && phrase === phrase.toUpperCase();
  const parts = phrase
    .trim()
    .split(/[\s-]+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  let body = parts.join(String.raw`[\s\-]*`);
  if (/[a-z]$/i.test(phrase)) body += caseSensitive ? '(?:E?S|e?s)?' : '(?:e?s)?';
  const start = /^[a-z0-9]/i.test(phrase) ? String.raw`(?<![A-Za-z0-9])` : '';
  const end = /[a-z0-9]$/i.test(phrase) ? String.raw`(?![A-Za-z0-9])` : '';
  return new RegExp(start + body + end, caseSensitive ? 'g' : 'gi');
}

/**
 * The word a text must contain for a phrase to match: its longest word, which is rarer in text than a
 * short first word ("air" is inside "repair" and "stair"; "conditioning" is not), so fewer regexes run.
 */
function anchorOf(phrase: string): string {
  return phrase
    .trim()
    .split(/[\s-]+/)
    .reduce((a, w) => (w.length > a.length ? w : a), '')
    .toLowerCase();
}

/**
 * Trade words a phrase cannot spell: a thickness in front of a board abbreviation ("5/8\" GYP BD",
 * "1/2\" GWB", "5/8\" Type X gyp. bd.") is a wall or ceiling assembly's callout, while a bare "gyp bd"
 * in a wall-type legend may only describe what exists. Anchor: the lower-case word the text must contain.
 */
const PATTERNS: ReadonlyArray<LexiconEntry> = [
  // "fire suppression/alarm", "fire sprinkler/alarm": two systems named in one compound; the alarm half is fire alarm.
  {
    division: '28',
    phrase: 'fire alarm',
    weight: 2,
    re: /(?<=\bfire\s+(?:suppression|sprinkler|protection)\s*\/\s*)alarms?\b/gi,
    anchor: 'alarm',
  },
  // "Heating, Ventilating, and Air Conditioning": the trade spelled out, commas and all.
  {
    division: '23',
    phrase: 'heating, ventilating and air conditioning',
    weight: 3,
    re: /\bheating,?\s+(?:ventilating|ventilation),?\s+(?:and|&)\s+air[\s-]*conditioning\b/gi,
    anchor: 'heating',
  },
  // Paint laid on a pavement's lines and markings ("road painting of the centerlines", "Re-paint crosswalks and stop
  // bars", "repainting of striping", "painting … of yellow and white lines", "traffic paint") is pavement marking
  // (32 17 23), not a painter's finish (09).
  {
    division: '32',
    phrase: 'pavement painting',
    weight: 2,
    re: /(?:\b(?:(?:road|street|pavement|line|traffic|lane)\s+paint(?:ing|ed)?|(?:re-?)?paint(?:ing|ed|s)?\s+(?:of\s+)?(?:the\s+|all\s+)?(?:(?:new|existing|yellow|white|blue|red)\s+)?(?:center\s*lines?|edge\s*lines?|lane\s+lines?|crosswalks?|stop\s+(?:bars?|lines?)|parking\s+(?:stalls?|spaces?|lines?)|curbs?|pavement\s+(?:arrows?|legends?|symbols?|markings?)|(?:parking|traffic(?:\s+control)?)\s+symbols?|(?:turn\s+)?arrows?|strip(?:ing|es))|paint(?:ing|ed)?\b[^.;:]{0,80}?\b(?:yellow|white)\s+(?:(?:and|&|or)\s+(?:yellow|white)\s+)?(?:lines?|stripes?|markings?))\b)|(?:\b(?:re-?)?paint(?:ing|ed)?\s+(?:of\s+)?(?:(?:the|all|new|existing)\s+)*(?:(?:parking|pavement|traffic|road(?:way)?|lane|stop|cent(?:er|re)|edge|crosswalk|stall|space|fire\s+lane|handicap(?:ped)?|accessible)\s+)*(?:strip(?:ing|es)|lines?|markings?|stalls?|symbols?|arrows?|crosswalks?|legends?)\b|\b(?:traffic|striping|(?:pavement|line|road)\s+marking)\s+paints?\b)/gi,
    anchor: 'paint',
  },
  // "Adhere EPDM to insulation with a primer and adhesive", "membrane primer": a roofing membrane's primer, not paint.
  {
    division: '07',
    phrase: 'membrane primer',
    weight: 1,
    re: /\b(?:(?:membrane|roofing|bituminous|asphalt|EPDM|TPO|seam)\s+primers?|primers?\s+and\s+(?:bonding\s+|membrane\s+)?adhesives?)\b/gi,
    anchor: 'primer',
  },
  // "dimensions of individual components and profiles, and finishes", "colors, textures and finish": a product's
  // finish named among its properties (a submittal's list) is not finishes work; zero weight shields the word.
  {
    division: '09',
    phrase: 'finish as a product property',
    weight: 0,
    re: /(?<=\b(?:dimensions?|profiles?|colou?rs?|textures?|sizes?|shapes?|patterns?|gauges?|thickness(?:es)?)\b[^.;:]{0,60}?\s)and\s+finish(?:es)?\b/gi,
    anchor: 'finish',
  },
  // A gutter joined to a curb or kerb ("Combination Curb & Gutter", "kerb/channel", "curbs, gutters") is the street's
  // concrete edge (MasterFormat 32 16), not a roof gutter; so is a gutter made of or laid in pavement ("concrete gutter",
  // "gutter pan"). A roof's gutters stay 07 ("box gutter", "eaves gutter", a bare "gutter").
  {
    division: '32',
    phrase: 'curb and gutter',
    weight: 2.5,
    re: /\b(?:curb|kerb)s?(?:\s*[,&/+-]\s*|\s+(?:and|or|with|&)\s+|\s+)(?:(?:concrete|valley)\s+)?gutters?\b/gi,
    anchor: 'gutter',
  },
  {
    division: '32',
    phrase: 'kerb and channel',
    weight: 2.5,
    re: /\b(?:curb|kerb)s?(?:\s*[,&/+-]\s*|\s+(?:and|or|with|&)\s+|\s+)(?:(?:concrete|dish|v)[\s-]+)?channels?\b/gi,
    anchor: 'channel',
  },
  {
    division: '32',
    phrase: 'street gutter',
    weight: 2,
    re: /\b(?:concrete|PCC|asphalt(?:ic)?|bituminous|street|road(?:side|way)?|cross|mountable|ribbon|rolled|v|drive(?:way)?|alley)[\s-]+gutters?\b|\bgutter[\s-]+(?:pans?|flags?|aprons?)\b/gi,
    anchor: 'gutter',
  },
  // A valley gutter where the sentence is about pavement ("6' concrete valley gutter across the intersection") is a
  // cross-street drainage swale of concrete (32); on a roof it stays the 07 valley gutter.
  {
    division: '32',
    phrase: 'street valley gutter',
    weight: 2.5,
    re: /(?<=\b(?:concrete|PCC|asphalt|pavement|paving|street|road|curb|kerb|intersection|driveway|sidewalk)\b[^.;]{0,60}?)valley[\s-]+gutters?\b|\bvalley[\s-]+gutters?\b(?=[^.;]{0,60}?(?:\b(?:concrete|PCC|asphalt|pavement|paving|street|road|curb|kerb|intersection|driveway|sidewalk)\b|\bS\.?\s?[YF]\.?(?![A-Za-z])))/gi,
    anchor: 'gutter',
  },
  // "mechanical and hand breaking of asphalt", "by mechanical means", "mechanical broom", "mechanical anchor": the way
  // work is done or a tool (by machine), not mechanical (HVAC) work; zero weight shields the words. Digging, compacting
  // or trenching by machine is earthwork (the next entry).
  {
    division: '23',
    phrase: 'mechanical as a method',
    weight: 0,
    re: /\bmechanical(?:ly)?\s+(?:(?:(?:and|or|&|\/)\s+(?:hand|manual(?:ly)?)\s+)?(?:cutting|breaking|brooms?|broom\w*|sweep\w*|means|methods?|digging|tamp\w*|rammers?|trimming|screening|vibrat\w*|clean\w*|removal|saw\w*|fasten\w*|splices?|couplers?|anchor\w*|scarif\w*|grind\w*|mix\w*)|(?:and|or|&|\/)\s+(?:hand|manual(?:ly)?))\b|\b(?:hand|manual(?:ly)?)\s+(?:and|or|&|\/)\s+mechanical(?:ly)?\b/gi,
    anchor: 'mechanical',
  },
  {
    division: '31',
    phrase: 'mechanical excavation',
    weight: 2,
    re: /\bmechanical(?:ly)?\s+(?:excavat\w*|compact\w*|trench\w*)\b/gi,
    anchor: 'mechanical',
  },
  // Concrete specified by its strength class ("25MPa concrete", "C25/30", "grade M20 concrete") and bars and mesh by
  // their bill callouts ("Y12 bars", "A193 mesh", "BRC fabric"): the concrete trade's own items.
  {
    division: '03',
    phrase: 'graded concrete',
    weight: 2,
    re: /\b\d{2}\s?(?:MPa|N\/mm2|N\/mm²)\s+(?:[\w-]+\s+){0,2}?concrete\b|\bC\d{2}\/\d{2}\b|\b(?:grade|class)\s+(?:M\s?)?\d{2}(?:\/\d{2})?\s+(?:[\w-]+\s+){0,2}?concrete\b|\bM\s?\d{2}\s+grade\s+concrete\b/gi,
    anchor: 'c',
  },
  {
    division: '03',
    phrase: 'reinforcement callout',
    weight: 2,
    re: /\b[YTR]\d{1,2}\s*(?:mm\s+)?(?:(?:high\s+(?:yield|tensile)|mild\s+steel)\s+)?(?:bars?|rebars?)\b|\b(?:A|B|ref\.?\s*)\d{3}\s+(?:fabric|mesh)\b|\bBRC\s+(?:fabric|mesh)\b/g,
    anchor: '',
  },
  // "piles of debris, leaves, gravel, soil": heaps left behind, not piling.
  {
    division: '31',
    phrase: 'piles as heaps',
    weight: 0,
    re: /\bpiles?\s+of\s+(?:[\w-]+\s+){0,2}?(?:debris|soil|dirt|spoil|materials?|leaves|rubbish|trash|litter|sand|gravel|snow|rocks?|earth|mulch|waste|brush)\b/gi,
    anchor: 'piles',
  },
  {
    division: '09',
    phrase: 'dimensioned gypsum board',
    weight: 2.5,
    re: /(?<![\d/])\d{1,2}\/\d{1,2}\s*(?:"|''|in\.?|inch)?\s*(?:type\s*"?[xc]"?\s*)?(?:gyp(?:sum)?\.?\s*(?:bd|board|wall\s*board)\.?|gwb)(?![a-z])/gi,
    anchor: 'g',
  },
];

/** A phrase's identity for merging: lower case, spaces for hyphens, no plural ending ("Roof-Drains" ≡ "roof drain"). */
const phraseKey = (phrase: string) => phrase.toLowerCase().split(/[\s-]+/).join(' ').replace(/(?:es|s)$/, '');

const entryOf = (division: string, phrase: string, weight: number): LexiconEntry => {
  if (!divisionByCode(division)) throw new Error(`lexicon names unknown division ${division}`);
  return { division, phrase, weight, re: phraseRegex(phrase), anchor: anchorOf(phrase) };
};

const TABLE_ENTRIES = Object.entries(TABLE).flatMap(([division, entries]) => entries.map(([phrase, weight]) => entryOf(division, phrase, weight)));

/** The trade vocabulary (vocabulary.ts) under the table: a phrase the table already weighs keeps the table's weight. */
const VOCABULARY_ENTRIES: Array<LexiconEntry & { strength: Strength }> = (() => {
  const byKey = new Map<string, LexiconEntry[]>();
  for (const e of TABLE_ENTRIES) byKey.set(phraseKey(e.phrase), [...(byKey.get(phraseKey(e.phrase)) ?? []), e]);
  // The table already reads these very words ("foundations" reads "foundations", not "foundation").
  const tableReads = (phrase: string) =>
    (byKey.get(phraseKey(phrase)) ?? []).some((e) => {
      e.re.lastIndex = 0;
      return e.re.exec(phrase)?.[0].length === phrase.length;
    });
  // A singular and its plural may both be written ("passenger lift", "passenger lifts"): each reads its own form.
  const written = new Set<string>();
  const out: Array<LexiconEntry & { strength: Strength }> = [];
  for (const [division, words] of Object.entries(VOCABULARY)) {
    for (const strength of ['name', 'only', 'context'] as const) {
      for (const phrase of words[strength] ?? []) {
        const exact = phrase.toLowerCase();
        if (tableReads(phrase) || written.has(exact)) continue;
        written.add(exact);
        out.push({ ...entryOf(division, phrase, STRENGTH_WEIGHT[strength]), strength });
      }
    }
  }
  return out;
})();

export const LEXICON: readonly LexiconEntry[] = Object.freeze([...TABLE_ENTRIES, ...VOCABULARY_ENTRIES.map(({ strength: _s, ...e }) => e), ...PATTERNS]);

/**
 * Words that name a trade itself ("electrical", "plumbing", "roofing"). In a sentence that states
 * the work ("Work will include: general construction, altering existing electrical, HVAC, plumbing
 * …") a trade named outright is that trade's scope, however weak the bare word is elsewhere.
 */
const TRADE_NAMES = new Set([
  'electrical', 'plumbing', 'hvac', 'fire suppression', 'fire alarm', 'telephone/data', 'telecommunications', 'painting',
  'roofing', 'masonry', 'carpentry', 'drywall', 'flooring', 'demolition', 'earthwork', 'paving', 'landscaping', 'glazing',
  'sprinkler', 'waterproofing', 'siding', 'millwork', 'tiling', 'plastering', 'lighting', 'demolish', 'mechanical',
  'heating, ventilating and air conditioning',
]);
for (const words of Object.values(VOCABULARY)) for (const name of words.name ?? []) TRADE_NAMES.add(name.toLowerCase());
export const namesTrade = (entry: LexiconEntry): boolean => TRADE_NAMES.has(entry.phrase.toLowerCase());

/**
 * A phrase that only ever means its trade (weight ≥ 2 and a vocabulary `name`/`only` phrase, or a table weight ≥ 2.5):
 * named where the work is stated, it asks for that trade on its own. Shared words ("doors", "paint")
 * need company.
 */
const UNMISTAKABLE = new Set<string>();
for (const words of Object.values(VOCABULARY)) for (const phrase of [...(words.name ?? []), ...(words.only ?? [])]) UNMISTAKABLE.add(phraseKey(phrase));
export const isUnmistakable = (entry: LexiconEntry): boolean => entry.weight >= 2 && (entry.weight >= 2.5 || UNMISTAKABLE.has(phraseKey(entry.phrase)));

/** Entries grouped by their anchor word: phrases sharing it ("fire alarm", "smoke alarm" …) cost one substring test. */
const BY_ANCHOR: ReadonlyArray<readonly [string, readonly LexiconEntry[]]> = [
  ...LEXICON.reduce((m, e) => m.set(e.anchor, [...(m.get(e.anchor) ?? []), e]), new Map<string, LexiconEntry[]>()),
];

/**
 * The other words of a phrase, in lower case: a phrase's regex only joins its words with optional
 * spaces or hyphens, so text lacking any one of them as a substring cannot match and the regex is
 * skipped ("concrete" is in many sentences; "concrete masonry unit" needs "masonry" too). Patterns
 * with their own regex (PATTERNS) have none.
 */
const OTHER_WORDS = new Map<LexiconEntry, readonly string[]>(
  LEXICON.map((e) => [e, PATTERNS.includes(e) ? [] : e.phrase.trim().toLowerCase().split(/[\s-]+/).filter((w, i, all) => w !== e.anchor || all.indexOf(w) !== i)]),
);

/**
 * The order phrases are tried in: anchors grouped by their first three characters (shorter anchors in
 * one group), groups in the order the lexicon first names them. When two entries read the same words
 * at the same length and weight ("sink" and "sinks" on "SINKS") the one tried first is kept, so this
 * order is part of what the detector reports.
 */
const TRIAL_ORDER: ReadonlyArray<readonly [string, readonly LexiconEntry[]]> = [
  ...BY_ANCHOR.reduce((m, g) => {
    const key = g[0].length >= 3 ? g[0].slice(0, 3) : '';
    return m.set(key, [...(m.get(key) ?? []), g]);
  }, new Map<string, Array<readonly [string, readonly LexiconEntry[]]>>()).values(),
].flat();

/** Every word of every phrase, found in a sentence in one pass (word-occurrences.ts). */
const WORDS = compileWordOccurrences([...new Set(LEXICON.flatMap((e) => [e.anchor, ...OTHER_WORDS.get(e)!]))]);
const WORD_ID = new Map(WORDS.words.map((w, id) => [w, id]));
/** A word's anchor group's place in TRIAL_ORDER, or -1 when it anchors no phrase. */
const TRIAL_OF_ANCHOR = new Map(TRIAL_ORDER.map(([anchor], t) => [anchor, t]));
const TRIAL_OF_WORD = Int32Array.from(WORDS.words, (w) => TRIAL_OF_ANCHOR.get(w) ?? -1);
/** The ids of an entry's other words: all of them must occur for its regex to run. */
const NEEDED_WORDS = new Map<LexiconEntry, readonly number[]>(LEXICON.map((e) => [e, OTHER_WORDS.get(e)!.map((w) => WORD_ID.get(w)!)]));
/** The words found in the current text, marked with the text's search number (no array per sentence). */
const wordSeen = new Uint32Array(WORDS.words.length);
let wordSearch = 0;

export interface KeywordHit {
  entry: LexiconEntry;
  index: number;
  length: number;
  text: string;
}

/**
 * Every lexicon phrase in a piece of text, longest match first and without overlaps ("concrete
 * paving" is paving, not also concrete).
 */
export function findKeywords(text: string): KeywordHit[] {
  return [...keywordHits(text)];
}

/**
 * Readings of the texts of the document being read, remembered per text: a plan set prints its title
 * block, room names, schedule headings and general notes on sheet after sheet (the real 200-page set
 * asks findKeywords for 25,421 texts and negativeContext for 26,248, fewer than 4,000 distinct each).
 * Bounded (the oldest text goes first); forgotten when the next document's pass starts, so a pass
 * costs what its own document costs.
 */
const TEXT_MEMOS: Array<Map<string, unknown>> = [];
const REMEMBERED_TEXTS = 4096;
const REMEMBERED_TEXT_LENGTH = 1000;
function rememberedPerText<T>(read: (text: string) => T): (text: string) => T {
  const memo = new Map<string, T>();
  TEXT_MEMOS.push(memo);
  return (text) => {
    const known = memo.get(text);
    if (known !== undefined || memo.has(text)) return known as T;
    const value = read(text);
    if (text.length <= REMEMBERED_TEXT_LENGTH) {
      if (memo.size >= REMEMBERED_TEXTS) memo.delete(memo.keys().next().value!);
      memo.set(text, value);
    }
    return value;
  };
}
/** Forget the texts read so far (a new document's pass starts). */
export const forgetDocumentTexts = (): void => TEXT_MEMOS.forEach((m) => m.clear());

/** The hits are shared by every caller of the same text, so they are frozen; each caller gets its own array. */
const keywordHits = rememberedPerText((text) => Object.freeze(keywordsIn(text).map((h) => Object.freeze(h))));

function keywordsIn(text: string): KeywordHit[] {
  const all: KeywordHit[] = [];
  // The words present, found in one pass; only phrases whose anchor and other words are all present run their regex.
  const lower = text.toLowerCase();
  if (++wordSearch === 0xffffffff) {
    wordSeen.fill(0);
    wordSearch = 1;
  }
  const trials: number[] = [];
  for (const id of WORDS.find(lower)) {
    wordSeen[id] = wordSearch;
    if (TRIAL_OF_WORD[id]! >= 0) trials.push(TRIAL_OF_WORD[id]!);
  }
  // In the lexicon's trial order, as before, so equal readings resolve the same way.
  for (const t of trials.sort((a, b) => a - b)) {
    for (const entry of TRIAL_ORDER[t]![1]) {
      if (!NEEDED_WORDS.get(entry)!.every((id) => wordSeen[id] === wordSearch)) continue;
      entry.re.lastIndex = 0;
      for (let m = entry.re.exec(text); m; m = entry.re.exec(text)) {
        all.push({ entry, index: m.index, length: m[0].length, text: m[0] });
        if (m[0].length === 0) entry.re.lastIndex++;
      }
    }
  }
  // Longest first; on the same words the heavier reading wins ("fire suppression/alarm": the fire alarm, not a bare "alarm").
  all.sort((a, b) => b.length - a.length || a.index - b.index || b.entry.weight - a.entry.weight);
  const taken: KeywordHit[] = [];
  for (const h of all) {
    if (taken.some((t) => h.index < t.index + t.length && t.index < h.index + h.length)) continue;
    taken.push(h);
  }
  return taken.sort((a, b) => a.index - b.index);
}

/**
 * Sentences in which trade words are not scope: code citations, boilerplate about other
 * divisions/trades, work by others or not in contract, things that stay as they are.
 */
const NEGATIVE: ReadonlyArray<readonly [name: string, re: RegExp]> = [
  ['code-citation', /\b(?:IBC|IMC|IPC|IFC|IFGC|IECC|NEC|NFPA\s*\d*|UL\s*\d+|ASHRAE|SMACNA|ANSI|ASTM|NEMA|OSHA|ADAAG|CBC|CPC|CMC|CEC)\b/],
  // A standard's title names its subject, not the work ("ASME A17.1 Safety Code for Elevators and Escalators").
  ['code-citation', /\b(?:ASME|ACI|AISC|AWS)\b|\bsafety\s+code\s+for\b/],
  ['code-citation', /\b(?:International|National|Uniform|California|Florida|Ontario|Alberta)\s+(?:Building|Mechanical|Plumbing|Fire|Fuel\s+Gas|Energy(?:\s+Conservation)?|Electrical|Existing\s+Building)\s+Code\b/i],
  ['code-citation', /\b(?:code|codes|standard|standards)\b[^.]{0,40}\b(?:edition|amendments?)\b/i],
  // "… in accordance with NFPA 13" cites; "install … in accordance with these bid documents / the drawings" states work.
  ['code-citation', /\bin\s+accordance\s+with\b(?!\s+(?:the\s+|these\s+|this\s+)?(?:(?:bid|contract|construction)\s+documents|drawings|plans|details|manufacturer))/i],
  ['code-citation', /\b(?:comply|complying|compliance)\s+with\b/i],
  ['other-divisions', /\bcoordinat\w*\b[^.]{0,80}\b(?:with|between)\b[^.]{0,60}\b(?:division|divisions|section|sections|trades?|other\s+contractors?|mep|mechanical|electrical|plumbing|drawings)\b/i],
  ['other-divisions', /\b(?:other|related|all)\s+(?:divisions|sections|trades)\b/i],
  ['other-divisions', /\b(?:specified|described|provided|furnished|included|covered)\s+(?:in|under)\s+(?:division|section)\s+\d/i],
  ['other-divisions', /\b(?:see|refer\s+to)\s+(?:division|section|specification)s?\s+\d/i],
  ['other-divisions', /\b(?:refer\s+to|see)\s+(?:the\s+)?(?:mep|mechanical|electrical|plumbing|civil|structural|fire\s+protection)\s+(?:drawings|plans|sheets|engineer)/i],
  ['other-divisions', /\b(?:refer\s+to|see)\s+(?:the\s+)?(?:\w+\s+){0,2}(?:specifications?|specs)\b/i],
  ['by-others', /\bby\s+(?:div(?:ision)?\.?\s*\d{1,2}\b|(?:the\s+)?(?:mechanical|electrical|plumbing|hvac|general|fire\s+(?:protection|alarm)|sprinkler|controls|other|separate)\s+(?:contractors?|trades?|sub(?:contractor)?s?|divisions?))/i],
  ['by-others', /\bowner[-\s](?:furnished|supplied|provided)\b|\b(?:furnished|supplied|provided)\s+by\s+(?:the\s+)?(?:owner|tenant|others|vendor)\b|\bO\.?F\.?[CO]\.?I\.?(?![A-Za-z])|\bexisting\s+to\s+be\s+reused\b/i],
  ['other-divisions', /\bcoordinate\s+(?:\w+\s+){0,6}with\b/i],
  // "DIVISION 04 – MASONRY NOT APPLICABLE", "Section 09 30 00 Tiling – NOT USED": the work is absent.
  ['by-others', /\b(?:not\s+applicable|not\s+used)\b/i],
  ['by-others', /\b(?:by\s+others|by\s+owner|owner\s+(?:is\s+)?responsible|not\s+in\s+contract|n\.?\s?i\.?\s?c\.?(?![a-z])|not\s+in\s+scope|not\s+included|not\s+part\s+of\s+(?:this|the)\s+(?:contract|work|project)|under\s+separate\s+contract|future\s+(?:phase|construction|work))/i],
  // Work the owner buys apart: "to be contracted with [the owner's] contractor and paid directly by [the owner]",
  // "the Owner's separate contractor", "performed by the Client"; an owner named by its initials ("contracted with
  // ABC Contractor and paid directly by ABC", "ABC provided BAS Contractor").
  ['by-others', /\bpaid\s+(?:for\s+)?directly\s+by\b|\bcontracted\s+(?:directly\s+|separately\s+)?with\s+(?:[\w'’-]+\s+){0,3}contractors?\b|\bprovided\s+(?!by\b|to\b|for\b|that\b|the\b|all\b|each\b|and\b)(?:[\w-]+\s+){0,2}contractors?\b/i],
  ['by-others', /\b(?:contracted|paid|procured|performed|carried\s+out|undertaken)\s+(?:directly\s+|separately\s+)?(?:with|by)\s+(?:the\s+)?(?:owner|client|employer|tenant|purchaser)(?:'s)?\b|\b(?:owner|client|employer|tenant)'?s\s+(?:own\s+|separate\s+|direct\s+)contractors?\b|\b(?:owner|client)[-\s](?:provided|furnished|supplied|retained|selected|appointed)\s+(?:[\w-]+\s+){0,3}(?:contractors?|vendors?|installers?)\b/i],
  ['existing', /\b(?:existing\s+to\s+remain|to\s+remain(?:\s+in\s+place)?|shall\s+remain|remain\s+undisturbed|protect\s+(?:in\s+place|existing))\b/i],
  // "Sector: Irrigation", "Department: Public Works": a listing's classification of the buyer, not the work.
  ['metadata', /^(?:sector|department|dept|category|organi[sz]ation|agency|ministry|tender type)\.?\s*:/i],
  ['existing', /\b(?:do\s+not\s+disturb|shall\s+not\s+be\s+interrupted|without\s+interruption)\b/i],
];

/**
 * The lexicon reads these words of the sentence into a longer phrase of another trade ("Re-paint crosswalks" is
 * pavement marking, "a primer and adhesive" for a membrane is roofing): a reader that took the shorter words alone
 * (a renewal verb, a scope list's item) defers to that reading.
 */
export const readsAsOtherTrade = (sentence: string, index: number, length: number, division: string): boolean =>
  findKeywords(sentence).some((h) => h.entry.division !== division && h.entry.weight > 0 && h.length > length && h.index <= index && h.index + h.length >= index + length);

/** A paint word that says nothing of what is painted ("painting", "repaint"). */
const BARE_PAINT = /^(?:re-?)?paint(?:s|ed|ing)?$/i;
export const isBarePaint = (phrase: string): boolean => BARE_PAINT.test(phrase.trim());

/** Site and civil divisions: a word of any other division names building work. */
const SITE_DIVISIONS = new Set(['00', '01', '02', '31', '32', '33', '34', '35']);

/**
 * A document that lays its paint on pavement ("Re-paint crosswalks and stop bars", "pavement markings") and names no
 * building work (no word of weight 2 or more outside the site divisions, bare paint words aside): its bare paint words
 * ("cleaning before painting", "streets that need repaint") are that marking, not a painter's trade. "Roofing, painting
 * and parking lot striping" names a building: its painting stays finishes.
 */
export function paintLaidOnPavement(texts: readonly string[]): boolean {
  let marking = false;
  for (const text of texts) {
    for (const h of findKeywords(text)) {
      if (!SITE_DIVISIONS.has(h.entry.division) && h.entry.weight >= 2 && !isBarePaint(h.entry.phrase)) return false;
      if (h.entry.division === '32' && /\b(?:painting|marking|striping)\b/i.test(h.entry.phrase)) marking = true;
    }
  }
  return marking;
}

/** The negative context a sentence is in, or null when trade words in it count. */
export function negativeContext(sentence: string): string | null {
  return negativeContexts(sentence);
}
const negativeContexts = rememberedPerText((sentence): string | null => {
  const labelled = sentence.includes(':');
  for (const [name, re] of NEGATIVE) if ((name !== 'metadata' || labelled) && re.test(sentence)) return name;
  return null;
});

/** Sentences that state the work ("Scope of Work: The project includes …"): trade words in them count more. */
const SCOPE_STATEMENT = /\b(?:scope\s+of\s+(?:the\s+)?(?:works?|project)|(?:requesting|invit(?:es|ing)|soliciting|calling\s+for|accepting)\s+(?:sealed\s+)?(?:bids|proposals|tenders|quotes)\s+(?:on|for|to)|(?:this\s+)?section\s+includes|(?:will\s+be|are|is)\s+(?:part\s+of|included\s+in)\s+(?:this|the)\s+(?:work|project|contract)|tenders?\s+(?:are|is)\s+invited\s+for|(?:the\s+)?(?:works?|project)(?:\s+[\w'-]+){0,6}?\s+(?:includes?|consists?\s+of|comprises?|involves?|requires)(?=[\s:])|(?:the\s+)?(?:project|work)\s+(?:includes?|consists?\s+of|will\s+include|shall\s+include|comprises?)|work\s+of\s+this\s+contract|project\s+description|project\s+scope|description\s+of\s+work|(?:bid|pay)\s+item\s+(?:no\.?\s*)?\d+[a-z]?\s*[-–—:.]|(?:this|each)\s+(?:bid|pay)\s+item\s+includes|includes?,?\s+but\s+(?:is\s+|are\s+)?not\s+limited\s+to(?=\s*:)|^included\s+(?:with)?in\s+(?:this|the)\s+(?:work|project|contract)\s+(?:are|is)|(?:bids|proposals|tenders|quotes)\s+(?:are|is)\s+(?:being\s+)?(?:sought|requested|invited|solicited)(?:\s+and\s+(?:sought|requested|invited|solicited))?\s+(?:for|on|to)|(?:bids|proposals|tenders|quotes)\s+(?:will|shall)\s+be\s+(?:received\s+)?for|sealed\s+(?:bid\s+)?(?:bids|proposals|tenders)\s+for\b|prime\s+contracts?\s*(?:for\s*)?(?=:)|(?:seeking|seeks|wishes|intends)\s+to\s+(?:hire|retain|engage|contract\s+with)\b[^.]{0,80}?\bto\s+(?:perform|provide|furnish|install|complete)|furnish(?:ing)?\s+all\s+(?:labou?r|materials?)(?:[\w\s,]{0,40})?\s+(?:for|to))\b/i;
/**
 * More ways a document says what the work is: a bid form's base bid and alternates ("Base Bid:",
 * "Add Alternate No. 2 –"), a bid form's numbered line items ("Item 3 – Asphalt paving"), a summary of
 * work ("Summary of Work", "Work covered by the Contract Documents", "General description of the
 * project", "Nature of the work"), a bare "Scope:" / "Work Description:" label, and a call for bids
 * that names its work ("Bids for the replacement of …").
 */
const SCOPE_STATEMENT_MORE = new RegExp(
  [
    String.raw`\bbase\s+bid\s*(?:no\.?\s*\d{1,2}\s*)?[-–—:.(]`,
    String.raw`\b(?:add(?:itive)?\s+|deduct(?:ive)?\s+|bid\s+)?alternates?\s+(?:no\.?\s*|number\s+|#\s*)?(?:\d{1,2}|[A-H]|one|two|three|four|five)\s*[-–—:.(]`,
    String.raw`^(?:bid\s+|line\s+|pay\s+)?item\s+(?:no\.?\s*)?\d{1,3}[a-z]?\s*[-–—:.]\s*[A-Z]`,
    String.raw`\bsummary\s+of\s+(?:the\s+)?work\b`,
    String.raw`\bwork\s+covered\s+by\s+(?:the\s+)?contract\s+documents\b`,
    String.raw`\b(?:general\s+|brief\s+)description\s+of\s+(?:the\s+)?(?:work|project|works)\b`,
    String.raw`\bnature\s+of\s+(?:the\s+)?(?:work|works|project)\b`,
    String.raw`\bwork\s+under\s+this\s+contract\b`,
    String.raw`^(?:project\s+|work\s+)?(?:scope|description)\s*:`,
    // Heads under which tender notices of every region state the work: "Name of work:" (Indian NITs), "Title of the
    // Works –", "Works description:", "Description of the works", "The Contract is generally for the following work:",
    // "Tender for …" opening a line (UK/AU/NZ). Abbreviated Indian work verbs: WORK_ABBREVIATION below.
    String.raw`\b(?:name|title)\s+of\s+(?:the\s+)?(?:works?|project|contract)\s*(?:[:–—-]|\.\s)`,
    String.raw`\bworks?\s+description\s*[:–—-]`,
    // A form's bare "Work:" label (a two-column "Name of / Work:" label wraps onto the value's second line).
    String.raw`^works?\s*:\s*[a-z]`,
    String.raw`\bdescription\s+of\s+(?:the\s+)?(?:works|proposed\s+works?)\b`,
    String.raw`\bcontract\s+(?:is|will\s+be|shall\s+be)\s+(?:generally\s+|principally\s+|mainly\s+|broadly\s+)?for\s+the\s+following\b`,
    String.raw`\b(?:the\s+)?following\s+(?:works?|scope)\s+(?:is|are)\s+(?:included|to\s+be\s+(?:carried\s+out|performed|done))`,
    String.raw`^(?:invitation\s+to\s+|request\s+for\s+)?tenders?\s+for\s+(?!(?:the\s+)?(?:services?|consultancy|design\s+services)\b)`,
    String.raw`\b(?:bids|proposals|tenders|quotations|quotes)\s+for\s+(?:the\s+)?(?:construction|installation|replacement|renovation|rehabilitation|repair|supply|provision|removal|demolition|improvement|upgrade|modernization|modernisation|restoration|reconstruction|refurbishment|painting|resurfacing)s?\s+(?:of|to|at)\b`,
  ].join('|'),
  'i',
);
export const isScopeStatement = (sentence: string): boolean => SCOPE_STATEMENT.test(sentence);
/**
 * A bid form's or summary's statement of the work (SCOPE_STATEMENT_MORE). On a drawing the same words
 * ("BASE BID: NO NEW WORK IN THIS AREA") delineate areas among room tags, so the caller reads them only
 * off drawings; "no …" after the label states no work.
 */
/**
 * An Indian work name opening with its abbreviated verb ("C/o" construction of, "P/F" providing and fixing, "SITC"
 * supply, installation, testing and commissioning, "S/I" supply and installation), in capitals ("c/o" in lower case is an address's "care of").
 */
const WORK_ABBREVIATION = /(?:^|[:–—]\s*|\b[Nn]ame\s+of\s+(?:the\s+)?(?:[Ww]ork\s+)?)(?:C\/[Oo]|P\/F|SITC|S\/I|S\s*&\s*I|P\s*&\s*F)\.?\s+(?:of\s+)?(?!the\b)[A-Za-z]/;
export const isBidFormScope = (sentence: string): boolean =>
  (SCOPE_STATEMENT_MORE.test(sentence) || WORK_ABBREVIATION.test(sentence)) && !/[:–—-]\s*(?:no|not|none)\b/i.test(sentence);

/**
 * A sentence of a solicitation or addendum that states what is to be built ("The building shall
 * include two overhead cranes", "Provide three-phase power", "Change … to: …"): RFPs say the work in
 * sentences, and those sentences are the scope.
 */
const REQUIREMENT = /\b(?:shall|will|must)\s+(?:also\s+|\w+ly\s+)?(?:be\s+)?(?:include|includ(?:ed|ing)|provide|provided|install|installed|perform|performed|construct|constructed|contain|have|house|feature|accommodate|incorporate|consist\s+of|comprise|require|required|equipped|supplied|designed)\b|\b(?:is|are)\s+required\b|^(?:[-•▪●]\s*|\(?[a-z0-9]{1,2}[.)]\s*)?(?:provide|include|install|construct|supply|replace|repair|add|use)\b|\b(?:change|revise|replace)\b[^.]{0,80}\bto\s*:|\bfurnish(?:ing)?\s+and\s+install|\b(?:bid|pay)\s+item\s+(?:includes|consists|covers)\b|\bincludes?,?\s+but\s+(?:is\s+|are\s+)?not\s+limited\s+to\b|\bor\s+(?:an?\s+)?approved\s+equal\b|^(?:\d{1,3}[.)]\s*)?(?:answer|response)\s*:\s*(?!no\b)|\b(?:is|are)\s+to\s+(?:be\s+)?(?:strip|remov|install|provid|replac|construct|renew|suppl|buil|demolish|repair|paint|erect|fit)\w*|\b(?:provid(?:e|es|ing)|supply(?:ing)?|furnish(?:es|ing)?)\s+and\s+(?:lay|fix|install|erect|apply|place)\w*|\b(?:work|construction)\s+(?:is\s+)?to\s+be\s+(?:performed|done|carried\s+out)\b|\b(?:building|structure|facility|addition|space|canopy|enclosure)s?\s+(?:will|shall)\s+(?:also\s+)?be\s+(?!(?:open|closed|available|occupied|accessible\s+to|used\s+by|located|completed|awarded|advertised)\b)/i;
export const statesRequirement = (sentence: string): boolean => REQUIREMENT.test(sentence);

/**
 * A note that directs work ("4. CONTRACTOR SHALL CUT AND CAP DOMESTIC WATER LINES", "REMOVE ABANDONED
 * HOT WATER COIL") assigns that work, whoever's sheet it is on — but only for the verb's object: in
 * "PROVIDE JUNCTION BOX ABOVE GYPSUM BOARD CEILING" the ceiling is where, not what.
 */
const DIRECTIVE = /^(?:\d{1,3}[.)]?\s+|[A-Z]{1,2}[.)]\s+)?(?:(?:the\s+)?(?:contractor|sub-?contractor)\s+shall\s+)?(?:remove|cut\s+and\s+cap|cap|demolish|disconnect\s+and\s+remove|relocate|replace|provide|install|furnish\s+and\s+install|extend|reconnect)\b/i;
const LOCATIVE = /\b(?:above|below|at|in|on|to|for|from|behind|within|through|of|under|over|near|into|onto|inside|adjacent|serving|via|with)\b/i;
export function directsWork(sentence: string, hitIndex: number): boolean {
  const m = DIRECTIVE.exec(sentence);
  if (!m || hitIndex < m[0].length) return false;
  return !LOCATIVE.test(sentence.slice(m[0].length, hitIndex));
}

/**
 * Boilerplate: contract terms, bidding procedure, insurance — pages of it say little about trades.
 * Returns the share (0..1) of sentences on a page that read as boilerplate.
 */
const BOILERPLATE = /\b(?:bidders?|bid\s+(?:bond|security|form|opening)|proposers?|proponents?|indemnif\w*|insurance|liquidated\s+damages|prevailing\s+wage|payment\s+bond|performance\s+bond|warrant(?:y|ies)\s+period|addend(?:um|a)|owner\s+reserves|right\s+to\s+reject|general\s+conditions|supplementary\s+conditions|contract\s+documents|retainage|subcontractors?\s+list|certif(?:y|ies|ication)\s+that|hereby|herein|thereof|whereas|shall\s+be\s+deemed|terms\s+and\s+conditions|evaluation\s+criteria|scoring|submission|submittals?\s+shall|copyright|intellectual\s+property|notice\s+to\s+proceed|schedule\s+of\s+values)\b/i;
export function boilerplateShare(sentences: readonly string[]): number {
  const real = sentences.filter((s) => s.trim().length > 20);
  if (real.length === 0) return 0;
  return real.filter((s) => BOILERPLATE.test(s)).length / real.length;
}
export const isBoilerplate = (sentence: string): boolean => BOILERPLATE.test(sentence);
