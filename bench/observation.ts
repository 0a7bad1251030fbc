/** What each benchmarked system said about the pages, in one shape for both. */

/** One system's reading of one page; null where the system does not tell or failed. */
export interface Observation {
  /** Recognised text as the system outputs it (normalised only when scored) */
  readonly text: string | null;
  /** Measured skew, content turned counter-clockwise (the corpus convention) */
  readonly skewDeg: number | null;
  /** Clockwise quarter turn of the content the system found (the corpus convention) */
  readonly rotationDeg: number | null;
  readonly isBlank: boolean | null;
  readonly isSeparator: boolean | null;
  /** Why the system produced nothing for the page */
  readonly error: string | null;
}

/** One system's whole run over the selected files. */
export interface SystemRun {
  readonly wallMs: number;
  /** Peak resident set of the whole process tree (0 when not measured) */
  readonly peakRssBytes: number;
  /** Peak resident set of the largest single process of the tree (0 when not measured) */
  readonly peakProcessRssBytes: number;
  /** Most processes alive at once in the tree (0 when not measured) */
  readonly peakProcesses: number;
  /**
   * Peak memory of one worker (0 when not measured): for sohoa, the whole tree of a run with one
   * OCR worker (`--jobs 1`); for OCRmyPDF, its largest process
   */
  readonly peakWorkerRssBytes: number;
  /** By `pageKey(file, frame)` */
  readonly observations: ReadonlyMap<string, Observation>;
  /** Pages the system output */
  readonly pages: number;
  /** Bytes of all the PDFs it wrote */
  readonly pdfBytes: number;
  /** PDFs the system named but did not write */
  readonly missingPdfs: readonly string[];
  readonly failedPages: number;
  /** Exit code of the (last) process, for the record */
  readonly exitCode: number | null;
}
