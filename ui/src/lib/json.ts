/** JSON with object keys sorted: two values with the same content give the same text,
 * whatever order their keys were set in. Undefined members are left out, as JSON does. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === "object" && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v as Record<string, unknown>).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

/** A deep copy of plain data (what crosses IPC), free of any reactive proxy. */
export function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** An optional text field: empty or blank is absent (the core refuses empty optional text). */
export function optionalText(value: string): string | undefined {
  return value.trim() === "" ? undefined : value;
}
