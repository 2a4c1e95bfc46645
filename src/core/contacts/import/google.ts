import type { TableProfile } from './table.js';

/**
 * Google Contacts' CSV export, both layouts: the current one ("First Name", "Organization Name",
 * "Labels", "E-mail 1 - Value") and the older "Google CSV" ("Given Name", "Organization 1 - Name",
 * "Group Membership"). A cell holding several values joins them with " ::: ".
 */
export const googleProfile: TableProfile = {
  format: 'google',
  recognizes: (h) => h.has('email1value') || (h.has('phone1value') && (h.has('labels') || h.has('groupmembership'))),
  columns: {
    company: ['organizationname', 'organization1name'],
    firstName: ['firstname', 'givenname'],
    middleName: ['middlename', 'additionalname'],
    lastName: ['lastname', 'familyname'],
    person: ['name'],
    email: ['email1value', 'email2value', 'email3value'],
    phone: ['phone1value', 'phone2value', 'phone3value'],
    tags: ['labels', 'groupmembership'],
    zip: ['address1postalcode', 'address2postalcode'],
    website: ['website1value'],
  },
  multiValue: /\s*:::\s*/,
  // "* myContacts", "* starred", "* coworkers": Google's system groups.
  isSystemTag: (tag) => tag.startsWith('*'),
};
