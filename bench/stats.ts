/** Figures as the speed benches print them: a rate with thousands separators, the median and the range of rounds. */
export const fmt = (x: number): string => Math.round(x).toLocaleString("en");
export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1] ?? 0;
export const range = (xs: readonly number[]): string => `${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}`;
