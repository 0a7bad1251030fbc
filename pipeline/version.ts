/** Name and version written into PDFs and OCR records. */
export const PRODUCER = 'sohoa 0.1.0';
