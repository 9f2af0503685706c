/** What the import reports by file and line: values it could not carry over, and notes. */

/** Where a value came from. */
export interface Origin {
  readonly file: string;
  readonly line: number;
}

export interface Unmapped extends Origin {
  readonly key: string;
  readonly reason: string;
}

/** Where an entry mapper writes what it could not carry over (the Mapper is one). */
export interface Findings {
  readonly unmapped: Unmapped[];
  readonly notes: Unmapped[];
}
