import type { TableProfile } from './table.js';

/**
 * BuildingConnected's exports of invited subcontractors (the "Sub Status Report" CSV and the bidder
 * list): one row per contact per bid package, so a company bidding three packages appears three
 * times and its rows merge into one contact with three trades. The package ("26 - Electrical",
 * "Concrete") and the Tags / Work Performed columns carry the trades.
 */
export const buildingConnectedProfile: TableProfile = {
  format: 'buildingconnected',
  recognizes: (h) =>
    (h.has('bidpackage') || h.has('tenderpackage')) && ['companystatus', 'contactstatus', 'invalidemail', 'bidpackagelead', 'tenderpackagelead', 'dateinvited'].some((c) => h.has(c)),
  columns: {
    company: ['company', 'companyname'],
    firstName: ['firstname'],
    lastName: ['lastname'],
    person: ['contact', 'contactname'],
    email: ['email', 'contactemail'],
    phone: ['phone', 'officephone', 'cell'],
    tags: ['bidpackage', 'tenderpackage', 'workperformed', 'trades', 'tags'],
    zip: ['zip', 'zipcode', 'postalcode'],
    website: ['website'],
  },
};
