export { JobDocuments, sha256File, type IncomingDocument, type AddedDocuments } from './job-documents.js';
export { PackageIntake, packageLimits, packageReportLines, quickPageCount, type ReceivedPackage, type PackageReport, type ReceivedResult } from './receive.js';
export type { ReceivedFile, SkippedItem, UnpackLimits } from './unpack.js';
export { kindOfBytes, type FileKind } from './unpack.js';
export { findPlanLinks } from './plan-links.js';
