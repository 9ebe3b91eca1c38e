// The API Elements packages ship no type declarations; src/import/blueprint.ts types the parts it reads.
declare module '@apielements/core' {
  const apiElements: {
    Fury: new () => { use(adapter: unknown): void; parse(input: { source: string; mediaType: string }): Promise<never> };
  };
  export default apiElements;
}
declare module '@apielements/apib-parser' {
  const adapter: unknown;
  export default adapter;
}
