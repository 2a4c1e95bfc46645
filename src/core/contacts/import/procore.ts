import type { TableProfile } from './table.js';

/**
 * Procore's company Directory export (companies/vendors, and its people with their company):
 * recognised by the columns only Procore writes — Tags/Keywords, Abbreviated Name, Doing Business
 * As, ERP Vendor ID, Permission Template, Vendor Group — with trades in "Trades" and cost codes.
 */
const PROCORE_ONLY = ['tagskeywords', 'abbreviatedname', 'doingbusinessas', 'erpvendorid', 'permissiontemplate', 'vendorgroup', 'procorecompanyid', 'accountingvendorid'];

export const procoreProfile: TableProfile = {
  format: 'procore',
  recognizes: (h) => PROCORE_ONLY.some((c) => h.has(c)),
  columns: {
    company: ['company', 'companyname', 'vendor', 'vendorname', 'name', 'legalcompanyname'],
    person: ['primarycontact', 'contact', 'contactname'],
    firstName: ['firstname'],
    lastName: ['lastname'],
    email: ['emailaddress', 'email', 'businessemail'],
    phone: ['businessphone', 'phone', 'phonenumber', 'cellphone', 'mobilephone'],
    tags: ['trades', 'trade', 'tagskeywords', 'costcodes', 'providedservices'],
    zip: ['zip', 'zipcode', 'postalcode'],
    website: ['website'],
  },
  // Procore lists a company's trades as "Concrete, Masonry": each piece is one trade (read whole,
  // "concrete masonry" would be the CMU trade alone).
  multiValue: /\s*,\s*|\n/,
};
