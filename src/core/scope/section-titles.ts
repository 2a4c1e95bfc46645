/**
 * Spec section titles → MasterFormat division, for sections named without their number: an addendum
 * that says "ADD Section Gypsum Board", "Replace Section Maintenance Repainting", a contents line that
 * lists "Non-Structural Metal Framing", a change item "092216 Non-Structural Metal Framing". Written
 * from MasterFormat 2004/2016 (level-2 titles and the common level-3 ones, divisions 02–49), the 1995
 * sixteen-division titles still printed in older specs ("Basic Mechanical Materials and Methods",
 * "General Electrical Provisions"), and the worksection names of Canadian NMS and Australian NATSPEC
 * books where they differ ("Plasterboard", "Hydraulic Services"), and the tradesman's name New Zealand and UK
 * specifications head a trade's section with ("PLUMBER", "PAINTER", "ELECTRICIAN").
 *
 * A title is evidence only where the text already says it is a section's title (after "Section", in a
 * change list, in a contents entry): in prose these words are ordinary nouns, so this table is never
 * a keyword list. Titles whose division depends on the job ("Common Work Results", "Mechanical",
 * "Site Work", "Fuel Gas Piping") are left out; a plain division name ("Finishes") is its division.
 */

/** Titles per division, separated by ";" (case, punctuation and "&"/"and" do not matter). */
const TITLES: Readonly<Record<string, string>> = {
  '01': `Summary; Summary of Work; Alternates; Allowances; Unit Prices; Price and Payment Procedures; Contract Modification Procedures;
    Payment Procedures; Administrative Requirements; Project Management and Coordination; Project Meetings; Submittal Procedures; Submittals;
    Quality Requirements; Quality Control; Regulatory Requirements; References; Temporary Facilities and Controls; Temporary Facilities;
    Product Requirements; Substitution Procedures; Execution; Execution Requirements; Cutting and Patching; Closeout Procedures;
    Project Closeout; Closeout Submittals; Operation and Maintenance Data; Project Record Documents; Demonstration and Training;
    General Commissioning Requirements; Construction Waste Management and Disposal; General Requirements; Definitions and Standards;
    Special Procedures; Field Engineering; Final Cleaning; Warranties; Life Cycle Activities`,
  '02': `Existing Conditions; Assessment; Existing Conditions Assessment; Subsurface Investigation; Geotechnical Investigation;
    Demolition and Structure Moving; Demolition; Structure Demolition; Building Demolition; Selective Demolition; Selective Structure Demolition;
    Selective Site Demolition; Site Demolition; Interior Demolition; Removal and Salvage of Historic Construction; Site Remediation;
    Contaminated Site Material Removal; Facility Remediation; Hazardous Materials Abatement; Hazardous Material Abatement; Hazardous Materials;
    Asbestos Remediation; Asbestos Abatement; Asbestos Removal; Lead Remediation; Lead Based Paint Abatement; Lead Based Paint Removal;
    Mold Remediation; Polychlorinated Biphenyl Remediation; PCB Remediation; Universal Waste Removal`,
  '03': `Concrete; Concrete Forming and Accessories; Concrete Forming; Cast in Place Concrete Forming; Concrete Formwork; Formwork;
    Concrete Accessories; Concrete Reinforcing; Reinforcing Steel; Concrete Reinforcement; Reinforcement; Steel Reinforcement;
    Stressing Tendons; Post Tensioned Concrete; Cast in Place Concrete; Cast in Place Structural Concrete; Structural Concrete;
    Architectural Concrete; Concrete Finishing; Concrete Floor Finishing; Concrete Toppings; Concrete Topping; Concrete Curing; Precast Concrete;
    Structural Precast Concrete; Precast Structural Concrete; Architectural Precast Concrete; Plant Precast Structural Concrete;
    Tilt Up Concrete; Site Cast Concrete; Cast Decks and Underlayment; Gypsum Cement Underlayment; Gypsum Concrete Underlayment;
    Cementitious Underlayment; Grouting; Cementitious Grouting; Nonshrink Grouting; Non Shrink Grout; Concrete Cutting and Boring;
    Mass Concrete; Shotcrete; Concrete Rehabilitation; Concrete Repair; Concrete Repairs; Concrete Restoration; Polished Concrete Finishing;
    Polished Concrete; Miscellaneous Cast in Place Concrete; Concrete Work; Concrete Works; In Situ Concrete; Insitu Concrete`,
  '04': `Bricklayer; Masonry; Common Work Results for Masonry; Masonry Mortaring; Mortar and Masonry Grout; Masonry Mortar; Masonry Grouting;
    Masonry Anchorage and Reinforcing; Unit Masonry; Unit Masonry Assemblies; Brick Masonry; Concrete Unit Masonry; Concrete Masonry Units;
    Clay Unit Masonry; Glass Unit Masonry; Stone Assemblies; Stone Masonry; Cast Stone Masonry; Cast Stone; Adhered Stone Masonry Veneer;
    Manufactured Stone Masonry; Manufactured Stone Veneer; Masonry Veneer; Anchored Brick Veneer; Masonry Restoration; Masonry Restoration and Cleaning;
    Masonry Cleaning; Masonry Repointing; Repointing; Tuckpointing; Refractory Masonry; Maintenance of Masonry; Brickwork; Blockwork;
    Brick and Block Masonry; Masonry Units`,
  '05': `Metals; Structural Metal Framing; Structural Steel; Structural Steel Framing; Structural Steelwork; Steelwork; Metal Joists;
    Steel Joist Framing; Steel Joists; Steel Joists and Joist Girders; Metal Decking; Metal Deck; Steel Decking; Steel Deck; Steel Floor Deck;
    Steel Roof Deck; Cold Formed Metal Framing; Cold Formed Metal Joist Framing; Cold Formed Metal Trusses; Cold Formed Steel Framing;
    Load Bearing Metal Stud Framing; Metal Fabrications; Miscellaneous Metal Fabrications; Miscellaneous Metals; Miscellaneous Metal;
    Metal Stairs; Metal Stairs and Railings; Metal Railings; Pipe and Tube Railings; Handrails and Railings; Metal Gratings; Gratings;
    Decorative Metal; Ornamental Metal; Ornamental Metals; Decorative Metal Railings; Ornamental Railings; Ornamental Handrails and Railings;
    Metal Floor Plates; Formed Metal Fabrications; Structural Aluminum; Space Frames; Metal Work; Metalwork; Steel Fabrications`,
  '06': `Carpenter; Joiner; Carpenter and Joiner; Wood Plastics and Composites; Wood and Plastics; Rough Carpentry; Miscellaneous Rough Carpentry; Wood Framing; Framing and Sheathing;
    Sheathing; Structural Panels; Shop Fabricated Wood Trusses; Wood Trusses; Prefabricated Wood Trusses; Heavy Timber Construction;
    Heavy Timber; Glued Laminated Construction; Structural Glued Laminated Timber; Glued Laminated Timber; Cross Laminated Timber;
    Finish Carpentry; Interior Finish Carpentry; Exterior Finish Carpentry; Architectural Woodwork; Interior Architectural Woodwork;
    Architectural Wood Casework; Wood Casework; Custom Casework; Plastic Laminate Faced Architectural Cabinets; Plastic Laminate Casework;
    Standing and Running Trim; Wood Paneling; Wood Stairs and Railings; Solid Surfacing Fabrications; Solid Surface Fabrications;
    Plastic Fabrications; Fiberglass Reinforced Plastic Panels; Fiberglass Reinforced Panels; Structural Composites; Composite Decking;
    Millwork; Carpentry; Carpentry and Joinery; Joinery; Timber Framing; Preservative Treated Wood; Fire Retardant Treated Wood`,
  '07': `Roofer; Thermal and Moisture Protection; Dampproofing and Waterproofing; Dampproofing; Bituminous Dampproofing; Waterproofing;
    Sheet Waterproofing; Fluid Applied Waterproofing; Cementitious Waterproofing; Bentonite Waterproofing; Water Repellents;
    Thermal Protection; Insulation; Building Insulation; Thermal Insulation; Board Insulation; Blanket Insulation; Foamed in Place Insulation;
    Sprayed Insulation; Spray Foam Insulation; Spray Polyurethane Foam Insulation; Exterior Insulation and Finish Systems;
    Exterior Insulation and Finish System; Weather Barriers; Air Barriers; Air Barrier; Vapor Retarders; Vapor Retarder; Vapor Barriers;
    Steep Slope Roofing; Roof Shingles; Asphalt Shingles; Shingles Shakes and Roof Tiles; Roof Tiles; Clay Roof Tiles; Concrete Roof Tiles;
    Slate Shingles; Wood Shingles and Shakes; Roofing and Siding Panels; Metal Roof Panels; Metal Wall Panels; Preformed Metal Roofing;
    Preformed Metal Roof Panels; Standing Seam Metal Roofing; Standing Seam Metal Roof Panels; Sheet Metal Roofing; Metal Roofing; Siding;
    Fiber Cement Siding; Vinyl Siding; Composite Wall Panels; Metal Composite Material Wall Panels; Insulated Metal Wall Panels;
    Membrane Roofing; Built Up Bituminous Roofing; Built Up Roofing; Built Up Asphalt Roofing; Modified Bituminous Membrane Roofing;
    SBS Modified Bituminous Membrane Roofing; Modified Bitumen Roofing; Elastomeric Membrane Roofing; EPDM Roofing; EPDM Membrane Roofing;
    Thermoplastic Membrane Roofing; Thermoplastic Polyolefin Roofing; Thermoplastic Polyolefin TPO Roofing; TPO Roofing; TPO Membrane Roofing;
    PVC Roofing; Polyvinyl Chloride Roofing; Polyvinyl Chloride PVC Roofing; Single Ply Roofing; Single Ply Membrane Roofing;
    Fluid Applied Roofing; Roofing; Roof Coatings; Vegetated Roof Assemblies; Green Roof; Flashing and Sheet Metal; Sheet Metal Flashing and Trim;
    Sheet Metal Flashing; Flashing; Roof Specialties; Manufactured Roof Specialties; Roof Specialties and Accessories; Roof Accessories;
    Roof Hatches; Gutters and Downspouts; Manufactured Gutters and Downspouts; Roof Curbs; Fire and Smoke Protection; Applied Fireproofing;
    Sprayed Fire Resistive Materials; Sprayed Fireproofing; Intumescent Mastic Fireproofing; Fireproofing; Firestopping; Penetration Firestopping;
    Through Penetration Firestop Systems; Fire Resistive Joint Systems; Smoke Seals; Joint Protection; Joint Sealants; Joint Sealers; Sealants;
    Sealants and Caulking; Caulking and Sealants; Preformed Joint Seals; Expansion Control; Expansion Joint Cover Assemblies; Traffic Coatings;
    Roof Insulation; Cladding`,
  '08': `Glazier; Openings; Doors and Windows; Doors and Frames; Metal Doors and Frames; Hollow Metal Doors and Frames; Steel Doors and Frames;
    Standard Steel Doors and Frames; Hollow Metal Frames; Hollow Metal Doors; Wood Doors; Flush Wood Doors; Stile and Rail Wood Doors;
    Wood and Plastic Doors; Plastic Doors; Composite Doors; Fiberglass Doors; Fiberglass Reinforced Plastic Doors; Specialty Doors and Frames;
    Specialty Doors; Access Doors and Frames; Access Doors and Panels; Access Doors; Sliding Doors; Sliding Glass Doors; Coiling Doors;
    Overhead Coiling Doors; Coiling Counter Doors; Overhead Coiling Grilles; Coiling Doors and Grilles; Rolling Doors; Roll Up Doors;
    Sectional Doors; Overhead Sectional Doors; Sectional Overhead Doors; Overhead Doors; Folding Doors and Grilles; Hangar Doors;
    Sound Control Doors; Detention Doors and Frames; Entrances Storefronts and Curtain Walls; Entrances and Storefronts;
    Aluminum Framed Entrances and Storefronts; Aluminum Entrances and Storefronts; Storefronts; Storefront; Aluminum Storefronts;
    Automatic Entrances; Automatic Door Operators; Power Door Operators; Revolving Door Entrances; Balanced Door Entrances;
    Glazed Curtain Wall; Glazed Curtain Walls; Glazed Aluminum Curtain Walls; Curtain Wall; Curtain Walls; Aluminum Curtain Wall;
    Windows; Metal Windows; Aluminum Windows; Steel Windows; Wood Windows; Plastic Windows; Vinyl Windows; Fiberglass Windows;
    Composite Windows; Special Function Windows; Roof Windows and Skylights; Unit Skylights; Skylights; Metal Framed Skylights; Hardware;
    Door Hardware; Finish Hardware; Builders Hardware; Weatherstripping; Window Hardware; Glazing; Glass and Glazing; Glass Glazing; Mirrors;
    Glazing Accessories; Decorative Glazing; Security Glazing; Translucent Wall and Roof Assemblies; Louvers and Vents; Louvers; Fixed Louvers;
    Operable Louvers; Doors; Windows and Doors`,
  '09': `Painter; Painter and Decorator; Plasterer; Tiler; Finishes; Maintenance of Finishes; Maintenance Repainting; Maintenance of Painting and Coating; Plaster and Gypsum Board; Plaster;
    Portland Cement Plastering; Portland Cement Plaster; Cement Plastering; Cement Plaster; Gypsum Plastering; Gypsum Plaster;
    Gypsum Veneer Plastering; Veneer Plaster; Veneer Plastering; Lath and Plaster; Lathing and Plastering; Furring and Lathing; Metal Lath;
    Stucco; Non Structural Metal Framing; Nonstructural Metal Framing; Non Load Bearing Steel Framing; Non Load Bearing Metal Framing;
    Metal Support Assemblies; Metal Support Systems; Non Load Bearing Wall Framing; Gypsum Board; Gypsum Board Assemblies;
    Gypsum Board Shaft Wall Assemblies; Shaft Wall Assemblies; Gypsum Wallboard; Gypsum Drywall; Drywall; Gypsum Board Systems; Plasterboard;
    Tiling; Tile; Ceramic Tiling; Ceramic Tile; Porcelain Tiling; Porcelain Tile; Quarry Tiling; Quarry Tile; Stone Tiling; Glass Tiling;
    Wall Tiling; Floor Tiling; Ceilings; Acoustical Ceilings; Acoustical Panel Ceilings; Acoustical Tile Ceilings;
    Acoustical Ceiling Suspension Assemblies; Suspended Ceilings; Suspended Acoustical Ceilings; Acoustical Suspended Ceilings; Linear Metal Ceilings;
    Metal Ceilings; Specialty Ceilings; Wood Ceilings; Flooring; Specialty Flooring; Resilient Flooring; Resilient Tile Flooring; Resilient Floor Tile;
    Resilient Base and Accessories; Resilient Sheet Flooring; Vinyl Composition Tile; Vinyl Composition Tile Flooring; Luxury Vinyl Tile;
    Luxury Vinyl Tile Flooring; Rubber Flooring; Rubber Floor Tile; Linoleum Flooring; Sheet Vinyl Flooring; Carpeting; Carpet; Tile Carpeting;
    Carpet Tile; Broadloom Carpeting; Broadloom Carpet; Sheet Carpeting; Wood Flooring; Wood Athletic Flooring; Athletic Flooring;
    Resilient Athletic Flooring; Terrazzo; Cast in Place Terrazzo; Precast Terrazzo; Terrazzo Flooring; Fluid Applied Flooring; Resinous Flooring;
    Epoxy Flooring; Seamless Flooring; Stone Flooring; Access Flooring; Wall Finishes; Wall Coverings; Wallcoverings; Wall Covering;
    Vinyl Wall Covering; Vinyl Wallcovering; Fabric Wall Coverings; Special Wall Surfacing; Acoustic Treatment; Acoustical Treatment;
    Acoustical Wall Panels; Acoustical Panels; Sound Absorbing Wall Units; Acoustical Wall Treatment; Painting and Coating; Painting;
    Painting and Coatings; Painting and Finishing; Exterior Painting; Interior Painting; Field Painting; High Performance Coatings;
    Special Coatings; Staining and Transparent Finishing; Elastomeric Coatings; Intumescent Painting; Graffiti Resistant Coatings;
    Performance Coatings; Epoxy Coatings; Painting and Decorating; Decorating; Floor Finishes; Floor Coverings; Plastering; Paintwork`,
  '10': `Specialties; Information Specialties; Visual Display Units; Visual Display Boards; Visual Display Surfaces; Markerboards; Chalkboards;
    Tackboards; Display Cases; Directories; Signage; Interior Signage; Exterior Signage; Signs; Panel Signage; Dimensional Letter Signage;
    Plaques; Compartments and Cubicles; Toilet Compartments; Toilet Partitions; Metal Toilet Compartments; Plastic Toilet Compartments;
    Solid Plastic Toilet Compartments; Phenolic Core Toilet Compartments; Solid Phenolic Toilet Compartments; Shower and Dressing Compartments;
    Cubicles; Cubicle Curtains and Track; Cubicle Curtain Tracks; Wall and Door Protection; Corner Guards; Impact Resistant Wall Protection;
    Toilet Bath and Laundry Accessories; Toilet Accessories; Toilet and Bath Accessories; Washroom Accessories; Bath Accessories;
    Commercial Toilet Accessories; Fireplaces and Stoves; Manufactured Fireplaces; Safety Specialties; Fire Protection Specialties;
    Fire Extinguishers; Fire Extinguisher Cabinets; Fire Extinguishers and Cabinets; Storage Specialties; Lockers; Metal Lockers;
    Plastic Lockers; Wire Mesh Partitions; Demountable Partitions; Operable Partitions; Folding Panel Partitions; Accordion Folding Partitions;
    Operable Panel Partitions; Storage Shelving; Metal Storage Shelving; Postal Specialties; Mailboxes; Flagpoles; Exterior Specialties;
    Exterior Sun Control Devices; Protective Covers; Walkway Coverings; Canopies; Awnings; Wardrobe and Closet Specialties`,
  '11': `Equipment; Vehicle Service Equipment; Parking Control Equipment; Loading Dock Equipment; Dock Levelers; Dock Bumpers; Foodservice Equipment;
    Food Service Equipment; Kitchen Equipment; Commercial Kitchen Equipment; Residential Appliances; Appliances; Residential Equipment;
    Commercial Laundry and Dry Cleaning Equipment; Laundry Equipment; Library Equipment; Theater and Stage Equipment; Stage Equipment;
    Stage Curtains; Athletic and Recreational Equipment; Athletic Equipment; Gymnasium Equipment; Basketball Equipment; Basketball Backstops;
    Playground Equipment; Play Field Equipment and Structures; Laboratory Equipment; Laboratory Fume Hoods; Fume Hoods; Medical Equipment;
    Healthcare Equipment; Projection Screens; Audio Visual Equipment; Detention Equipment; Solid Waste Handling Equipment; Waste Compactors;
    Educational and Scientific Equipment; Bank Equipment; Security and Vault Equipment; Ecclesiastical Equipment; Mercantile Equipment;
    Window Washing Equipment; Fall Protection Equipment`,
  '12': `Furnishings; Art; Window Treatments; Window Shades; Roller Shades; Horizontal Louver Blinds; Vertical Louver Blinds; Blinds;
    Curtains and Drapes; Draperies; Casework; Manufactured Casework; Manufactured Wood Casework; Manufactured Plastic Laminate Clad Casework;
    Metal Casework; Laboratory Casework; Hospital Casework; Countertops; Solid Surface Countertops; Stone Countertops; Quartz Countertops;
    Furniture; Office Furniture; Systems Furniture; Multiple Seating; Fixed Audience Seating; Auditorium Seating; Theater Seating;
    Telescoping Stands; Bleachers; Telescoping Bleachers; Entrance Floor Mats and Frames; Entrance Floor Mats; Floor Mats and Frames;
    Entrance Mats; Interior Planters`,
  '13': `Special Construction; Special Purpose Rooms; Sound Conditioned Rooms; Saunas; Cold Storage Rooms; Clean Rooms; Swimming Pools;
    Fountains; Aquariums; Ice Rinks; Special Structures; Fabric Structures; Tensioned Fabric Structures; Pre Engineered Structures;
    Metal Building Systems; Pre Engineered Metal Buildings; Preengineered Metal Buildings; Pre Engineered Metal Building Systems;
    Manufactured Buildings; Modular Buildings; Greenhouses; Radiation Protection; Seismic Control; Kennels and Animal Shelters`,
  '14': `Conveying Equipment; Conveying Systems; Dumbwaiters; Elevators; Electric Traction Elevators; Traction Elevators; Hydraulic Elevators;
    Passenger Elevators; Freight Elevators; Machine Room Less Elevators; Escalators and Moving Walks; Escalators; Moving Walks; Lifts;
    Wheelchair Lifts; Platform Lifts; Vertical Platform Lifts; Inclined Platform Lifts; Turntables; Elevator Modernization; Lift Installations`,
  '21': `Fire Suppression; Common Work Results for Fire Suppression; Basic Fire Protection Materials and Methods; Fire Suppression Piping;
    Fire Protection Piping; Water Based Fire Suppression Systems; Fire Protection Systems; Fire Protection; Fire Sprinkler Systems;
    Fire Sprinkler System; Sprinkler Systems; Automatic Sprinkler Systems; Automatic Fire Sprinkler Systems; Wet Pipe Sprinkler Systems;
    Dry Pipe Sprinkler Systems; Preaction Sprinkler Systems; Deluge Fire Suppression Sprinkler Systems; Fire Suppression Sprinklers;
    Fire Suppression Standpipes; Standpipe Systems; Standpipes; Fire Pumps; Electric Drive Centrifugal Fire Pumps; Fire Extinguishing Systems;
    Clean Agent Fire Extinguishing Systems; Carbon Dioxide Fire Extinguishing Systems; Wet Chemical Fire Extinguishing Systems;
    Fire Suppression Systems; Sprinklers`,
  '22': `Plumber; Plumbing; Common Work Results for Plumbing; Basic Plumbing Materials and Methods; Basic Plumbing Requirements; Plumbing General Provisions;
    General Plumbing Provisions; General Plumbing Requirements; Plumbing General Requirements; Meters and Gages for Plumbing Piping;
    General Duty Valves for Plumbing Piping; Hangers and Supports for Plumbing Piping and Equipment; Identification for Plumbing Piping and Equipment;
    Heat Tracing for Plumbing Piping; Plumbing Insulation; Plumbing Piping Insulation; Plumbing Equipment Insulation; Facility Water Distribution;
    Plumbing Piping; Domestic Water Piping; Domestic Water Piping Specialties; Domestic Water Distribution; Facility Sanitary Sewerage;
    Sanitary Waste and Vent Piping; Soil Waste and Vent Piping; Sanitary Waste Piping Specialties; Drainage and Vent Piping; Storm Drainage Piping;
    Storm Drainage Piping Specialties; Facility Storm Drainage; Sump Pumps; Sewage Pumps; Domestic Water Heaters; Electric Domestic Water Heaters;
    Fuel Fired Domestic Water Heaters; Gas Water Heaters; Water Heaters; Plumbing Fixtures; Commercial Plumbing Fixtures; Residential Plumbing Fixtures;
    Plumbing Fixtures and Equipment; Plumbing Fixtures and Trim; Water Closets; Lavatories; Sinks; Drinking Fountains and Water Coolers;
    Emergency Plumbing Fixtures; Security Plumbing Fixtures; Domestic Water Pumps; Domestic Water Booster Pumps; Domestic Water Softeners;
    Plumbing Specialties; Backflow Preventers; Grease Interceptors; Interceptors; Compressed Air Systems for Laboratory and Healthcare Facilities;
    Gas Systems for Laboratory and Healthcare Facilities; Medical Gas Systems; Medical Gas Piping; Vacuum Systems for Laboratory and Healthcare Facilities;
    Chemical Waste Systems for Laboratory and Healthcare Facilities; Plumbing Systems; Plumbing Equipment; Hydraulic Services; Hydraulics; Hydraulic Design and Install; Hydraulic Systems;
    Sanitary Installations; Plumbing and Drainage; Building Services Piping`,
  '23': `Heating Ventilating and Air Conditioning; Heating Ventilating and Air Conditioning HVAC; HVAC; Common Work Results for HVAC;
    Basic Mechanical Materials and Methods; Basic Mechanical Requirements; General Mechanical Provisions; Mechanical General Provisions;
    General Mechanical Requirements; Mechanical General Requirements; Mechanical Systems General; Meters and Gages for HVAC Piping;
    General Duty Valves for HVAC Piping; Hangers and Supports for HVAC Piping and Equipment; Vibration and Seismic Controls for HVAC;
    Vibration and Seismic Controls for HVAC Piping and Equipment; Vibration Isolation; Mechanical Vibration Controls;
    Identification for HVAC Piping and Equipment; Mechanical Identification; Testing Adjusting and Balancing for HVAC; Testing Adjusting and Balancing;
    Testing and Balancing; HVAC Insulation; Duct Insulation; HVAC Piping Insulation; HVAC Equipment Insulation; Mechanical Insulation;
    Instrumentation and Control for HVAC; HVAC Instrumentation and Controls; HVAC Controls; Temperature Controls; Temperature Control Systems;
    Direct Digital Control System for HVAC; Direct Digital Controls; Sequence of Operations for HVAC Controls; Commissioning of HVAC;
    Facility Natural Gas Piping; Natural Gas Piping; Fuel Oil Piping; HVAC Piping and Pumps; Hydronic Piping; Hydronic Pumps; HVAC Pumps;
    Hydronic Piping Specialties; Steam and Condensate Heating Piping; Steam and Condensate Piping; Refrigerant Piping; HVAC Water Treatment;
    Chemical Water Treatment; HVAC Air Distribution; Air Distribution; Metal Ducts; HVAC Ducts and Casings; Ductwork; Ductwork Accessories;
    Duct Accessories; Air Duct Accessories; HVAC Fans; Fans; Power Ventilators; Centrifugal HVAC Fans; Air Terminal Units; Air Outlets and Inlets;
    Diffusers Registers and Grilles; Grilles Registers and Diffusers; Particulate Air Filtration; Air Filters; Kitchen Exhaust Systems;
    Breechings Chimneys and Stacks; Central HVAC Equipment; Fuel Fired Furnaces; Furnaces; Boilers; Condensing Boilers; Heating Boilers;
    Hot Water Boilers; Steam Boilers; Fuel Fired Boilers; Chillers; Water Chillers; Packaged Water Chillers; Air Cooled Water Chillers;
    Cooling Towers; Central Cooling Equipment; Evaporative Air Cooling Equipment; Central Station Air Handling Units;
    Modular Indoor Central Station Air Handling Units; Air Handling Units; Packaged Outdoor HVAC Equipment; Packaged Rooftop Air Conditioning Units;
    Rooftop Units; Packaged Terminal Air Conditioners; Decentralized HVAC Equipment; Split System Air Conditioners; Variable Refrigerant Flow HVAC Systems;
    Variable Refrigerant Flow Systems; Unit Ventilators; Fan Coil Units; Unit Heaters; Convection Heating and Cooling Units; Radiant Heating Units;
    Heat Pumps; Water Source Heat Pumps; Ground Source Heat Pumps; Energy Recovery Ventilators; Air to Air Energy Recovery Equipment;
    Energy Recovery Units; Humidifiers; Dehumidification Units; Finned Tube Radiation Heaters; Heat Exchangers for HVAC; Heat Generation Equipment;
    Refrigeration Equipment; Heating Ventilating and Air Conditioning Equipment; Mechanical Services; Air Conditioning; Ventilation;
    Heating and Ventilation; Mechanical Ventilation`,
  '25': `Integrated Automation; Building Automation System; Building Automation Systems; Building Management System; Building Management Systems;
    Energy Management and Control System; Energy Management Control System; Facility Management System; Integrated Automation Network Equipment`,
  '26': `Electrician; Electrical; Common Work Results for Electrical; Basic Electrical Materials and Methods; Basic Electrical Requirements;
    Electrical General Provisions; General Electrical Provisions; General Electrical Requirements; Electrical General Requirements;
    Selective Demolition for Electrical; Low Voltage Electrical Power Conductors and Cables; Low Voltage Electrical Power Conductors;
    Conductors and Cables; Building Wire and Cable; Wires and Cables; Wire and Cable; Medium Voltage Cables; Grounding and Bonding for Electrical Systems;
    Grounding and Bonding; Grounding; Hangers and Supports for Electrical Systems; Raceways and Boxes for Electrical Systems; Raceway and Boxes;
    Raceways and Boxes; Raceways; Conduit; Conduits; Boxes; Wiring Methods; Underground Ducts and Raceways for Electrical Systems;
    Cable Trays for Electrical Systems; Cable Trays; Vibration and Seismic Controls for Electrical Systems; Identification for Electrical Systems;
    Electrical Identification; Overcurrent Protective Device Coordination Study; Short Circuit Study; Arc Flash Hazard Analysis;
    Electrical Power Studies; Lighting Control Devices; Lighting Controls; Network Lighting Controls; Lighting Control System; Wiring Devices;
    Medium Voltage Transformers; Low Voltage Transformers; Dry Type Transformers; Low Voltage Distribution Transformers; Transformers;
    Switchboards; Switchgear; Low Voltage Switchgear; Medium Voltage Switchgear; Panelboards; Motor Control Centers;
    Enclosed Switches and Circuit Breakers; Enclosed Switches; Enclosed Circuit Breakers; Enclosed Controllers; Enclosed Motor Controllers;
    Motor Controllers; Variable Frequency Motor Controllers; Variable Frequency Drives; Fuses; Surge Protective Devices;
    Surge Protection Devices for Low Voltage Electrical Power Circuits; Transient Voltage Suppression; Packaged Generator Assemblies;
    Engine Generators; Diesel Engine Generators; Diesel Generators; Emergency Generator; Standby Generator; Emergency Power System; Transfer Switches;
    Automatic Transfer Switches; Static Uninterruptible Power Supply; Uninterruptible Power Supply; Central Battery Inverters;
    Lightning Protection for Structures; Lightning Protection; Lighting; Interior Lighting; Exterior Lighting; Emergency Lighting;
    Exit Signs; LED Interior Lighting; Site Lighting; Area Lighting; Sports Lighting; Athletic Field Lighting; Electrical Service;
    Electrical Service Entrance; Service Entrance; Electrical Power; Low Voltage Distribution; Electrical Distribution; Power Distribution Units;
    Electric Vehicle Charging; Electric Vehicle Charging Stations; Electrical Systems; Electrical Work; Electrical Works; Electrical Services;
    Electrical Installations; Electrical Installation`,
  '27': `Communications; Common Work Results for Communications; Structured Cabling; Structured Cabling Systems; Communications Structured Cabling;
    Data Communications; Voice Communications; Telecommunications; Telecommunications Systems; Telecommunications Cabling;
    Communications Horizontal Cabling; Communications Backbone Cabling; Communications Equipment Room Fittings; Pathways for Communications Systems;
    Grounding and Bonding for Communications Systems; Audio Video Communications; Audio Video Systems; Audiovisual Systems; Audio Visual Systems;
    Sound Reinforcement Systems; Sound Systems; Public Address Systems; Public Address and Mass Notification Systems;
    Intercommunications and Program Systems; Intercom Systems; Intercommunication Systems; Nurse Call Systems; Nurse Call; Nurse Call System;
    Distributed Communications and Monitoring Systems; Clock Systems; Master Clock Systems; Distributed Antenna Systems; Paging Systems;
    Television Systems; Telephone Systems; Data Systems; Communications Systems`,
  '28': `Electronic Safety and Security; Common Work Results for Electronic Safety and Security; Access Control; Access Control Systems;
    Access Control System; Electronic Access Control; Electronic Access Control Systems; Intrusion Detection; Intrusion Detection Systems;
    Video Surveillance; Video Surveillance Systems; Video Surveillance System; Closed Circuit Television Systems; CCTV Systems; Security Systems;
    Electronic Security Systems; Security System; Fire Detection and Alarm; Fire Alarm; Fire Alarm Systems; Fire Alarm System;
    Addressable Fire Alarm Systems; Addressable Fire Alarm System; Digital Addressable Fire Alarm System; Fire Detection and Alarm Systems;
    Fire Alarm and Detection Systems; Fire Alarm and Detection System; Detection and Alarm; Mass Notification Systems; Gas Detection Systems;
    Refrigerant Detection and Alarm; Carbon Monoxide Detection Systems`,
  '31': `Earthwork; Earthworks; Site Clearing; Clearing and Grubbing; Earth Moving; Excavation; Excavation and Fill; Excavation and Backfill;
    Excavation and Filling; Trenching; Trenching and Backfilling; Trench Excavation and Backfill; Trenching Backfilling and Compacting; Fill;
    Fill and Backfill; Backfill; Backfilling; Grading; Rough Grading; Fine Grading; Site Grading; Subgrade Preparation; Soil Stabilization;
    Lime Treated Subgrade; Erosion and Sedimentation Controls; Erosion and Sedimentation Control; Erosion Control; Erosion and Sediment Control;
    Shoring and Underpinning; Excavation Support and Protection; Dewatering; Termite Control; Soil Treatment; Slope Protection; Gabions; Riprap;
    Rip Rap; Geosynthetic Soil Stabilization; Driven Piles; Bored Piles; Drilled Piers; Drilled Concrete Piers and Shafts; Auger Cast Grout Piles;
    Helical Piles; Deep Foundations; Piling; Pile Foundations; Caissons; Micropiles; Sheet Piling; Steel Sheet Piling; Site Preparation;
    Earthwork for Utilities; Earthwork for Buildings; Groundworks`,
  '32': `Exterior Improvements; Bases Ballasts and Paving; Base Courses; Aggregate Base Courses; Aggregate Base Course; Flexible Paving;
    Asphalt Paving; Hot Mix Asphalt Paving; Asphaltic Concrete Paving; Bituminous Paving; Bituminous Concrete Paving; Asphalt Concrete Paving;
    Asphalt Pavement; Rigid Paving; Concrete Paving; Portland Cement Concrete Paving; Concrete Pavement; Unit Paving; Brick Unit Paving;
    Precast Concrete Unit Paving; Interlocking Concrete Pavers; Paving; Pavers; Porous Paving; Paving Specialties; Curbs and Gutters;
    Concrete Curbs and Gutters; Curbs Gutters Sidewalks and Driveways; Concrete Sidewalks; Sidewalks; Pavement Markings; Pavement Marking;
    Parking Bumpers; Tactile Warning Surfacing; Detectable Warning Surfaces; Athletic and Recreational Surfacing; Synthetic Grass Surfacing;
    Synthetic Turf; Playground Protective Surfacing; Playground Surfacing; Tennis Court Surfacing; Running Track Surfacing; Site Improvements;
    Fences and Gates; Chain Link Fences and Gates; Chain Link Fencing; Ornamental Fences and Gates; Decorative Metal Fences and Gates;
    Wood Fences and Gates; Fencing; Retaining Walls; Segmental Retaining Walls; Site Furnishings; Site Furniture; Irrigation; Planting Irrigation;
    Irrigation Systems; Landscape Irrigation; Lawn Sprinkler Systems; Planting Preparation; Planting Soils; Turf and Grasses; Seeding; Sodding;
    Hydroseeding; Lawns and Grasses; Plants; Planting; Landscape Planting; Landscaping; Exterior Plants; Trees Plants and Ground Covers;
    Pavement Repair; Asphalt Paving Repair; Pavement Restoration; Bases Ballasts Pavements and Appurtenances; Flexible Pavement; Rigid Pavement;
    Site Improvements and Amenities; Landscape Works; External Works; Hard Landscaping; Soft Landscaping`,
  '33': `Utilities; Common Work Results for Utilities; Water Utilities; Water Utility Distribution Piping; Water Distribution;
    Water Distribution Systems; Water Distribution System; Water Mains; Water Main; Site Water Distribution; Water Service; Water Supply Wells;
    Disinfection of Water Utility Distribution; Fire Hydrants; Sanitary Sewerage Utilities; Sanitary Sewerage; Sanitary Utility Sewerage Piping;
    Sanitary Sewer; Sanitary Sewers; Sanitary Sewer Systems; Sanitary Sewer System; Sewage Force Mains; Force Mains; Utility Septic Tanks;
    Septic Tanks; Onsite Wastewater Disposal; Packaged Wastewater Lift Stations; Wastewater Pumping Stations; Storm Drainage Utilities;
    Storm Drainage; Storm Utility Drainage Piping; Storm Sewers; Storm Sewer; Storm Sewer Systems; Culverts; Subdrainage; Foundation Drainage;
    Underdrains; Stormwater Management; Manholes; Catch Basins; Utility Structures; Natural Gas Distribution; Fuel Distribution Utilities;
    Electrical Utilities; Electrical Utility Services; Communications Utilities; Site Utilities; Utility Services; Drainage Below Ground;
    Site Drainage; Water Supply`,
  '34': `Transportation; Traffic Signals; Traffic Signal Systems; Traffic Signal Installation; Vehicle Barriers; Guardrails; Railway Construction;
    Railroad Track; Roadway Signage`,
  '35': `Waterway and Marine Construction; Marine Construction; Dredging; Shore Protection; Floating Docks; Marine Piling; Coastal Construction`,
  '40': `Process Interconnections; Process Piping; Process Piping General; Process Valves; Process Instrumentation and Control`,
  '41': `Material Processing and Handling Equipment; Cranes and Hoists; Bridge Cranes; Overhead Cranes; Hoists; Conveyors; Monorails`,
  '43': `Process Gas and Liquid Handling Purification and Storage Equipment; Storage Tanks; Process Pumps`,
  '44': `Pollution and Waste Control Equipment; Dust Collectors; Air Pollution Control`,
  '46': `Water and Wastewater Equipment; Water Treatment Equipment; Wastewater Treatment Equipment; Screening Equipment; Clarifiers`,
  '48': `Electrical Power Generation; Photovoltaic Collectors; Solar Photovoltaic Systems; Solar Photovoltaic System; Photovoltaic Systems;
    Wind Energy Equipment; Fuel Cells`,
};

/** Lowercase words, "&" as "and", punctuation and hyphens as spaces ("Cast-in-Place" = "cast in place"). */
export const titleKey = (title: string): string =>
  title.toLowerCase().replace(/&/g, ' and ').replace(/['’]/g, '').replace(/[^a-z0-9]+/g, ' ').trim();

const BY_TITLE: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [division, list] of Object.entries(TITLES)) {
    for (const raw of list.split(';')) {
      const key = titleKey(raw);
      if (!key) continue;
      // One title, one division: a title written under two divisions would be a table error.
      if (map.has(key) && map.get(key) !== division) throw new Error(`section title "${raw.trim()}" is listed under ${map.get(key)} and ${division}`);
      map.set(key, division);
    }
  }
  return map;
})();

/** Longest title the table holds, in words. */
const MAX_WORDS = Math.max(...[...BY_TITLE.keys()].map((k) => k.split(' ').length));

/** The division of a section title printed on its own ("Gypsum Board", "BASIC ELECTRICAL MATERIALS AND METHODS"), or null. */
export function divisionOfSectionTitle(title: string): string | null {
  return BY_TITLE.get(titleKey(title)) ?? null;
}

export interface LeadingTitle {
  division: string;
  /** The title as printed. */
  title: string;
  /** Characters of `text` the title takes. */
  length: number;
}

/**
 * The longest section title `text` begins with ("Building Insulation surfacing in its entirety, copy
 * enclosed" → "Building Insulation", 07): a flattened change list runs the title into what follows it.
 */
export function leadingSectionTitle(text: string): LeadingTitle | null {
  const words = [...text.matchAll(/[A-Za-z0-9][A-Za-z0-9'’]*/g)].slice(0, MAX_WORDS);
  for (let n = words.length; n >= 1; n--) {
    const last = words[n - 1]!;
    const end = last.index + last[0].length;
    const printed = text.slice(0, end);
    // A title stays within its item: no sentence end or list label inside it.
    if (/[.;:!?]\s/.test(printed)) continue;
    const division = BY_TITLE.get(titleKey(printed));
    if (division) return { division, title: printed.trim(), length: end };
  }
  return null;
}
