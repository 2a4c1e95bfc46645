import type { TableProfile } from './table.js';

/**
 * Outlook's "Export to a file → Comma Separated Values" layout (the same header in Outlook for
 * Windows, Outlook.com and Microsoft 365): a person row with Company, Business address fields,
 * up to three e-mails and Categories joined with ";".
 */
export const outlookProfile: TableProfile = {
  format: 'outlook',
  recognizes: (h) => h.has('emailaddress') && h.has('businesspostalcode') && (h.has('firstname') || h.has('lastname')),
  columns: {
    company: ['company'],
    firstName: ['firstname'],
    middleName: ['middlename'],
    lastName: ['lastname'],
    // From an Exchange account "E-mail Address" may be an X.500 path (/o=ExchangeLabs/…), not an
    // address; the display name then still carries it: "Ana Ruiz (ana@ruizdrywall.com)".
    email: ['emailaddress', 'email2address', 'email3address', 'emaildisplayname', 'email2displayname', 'email3displayname'],
    phone: ['businessphone', 'companymainphone', 'primaryphone', 'businessphone2', 'mobilephone', 'otherphone', 'homephone'],
    tags: ['categories', 'keywords'],
    zip: ['businesspostalcode', 'otherpostalcode', 'homepostalcode'],
    website: ['webpage'],
  },
};
