export { JobDocuments, sha256File, type IncomingDocument, type AddedDocuments } from './job-documents.js';
