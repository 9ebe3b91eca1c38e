/**
 * Where a vendor rule comes from. Same shape as the contracts' `x-doc-source`
 * (docs/contract-conventions.md), declared here so the reference implementations
 * do not depend on the contract loader.
 */
export interface DocSource {
  readonly document: string;
  readonly url?: string;
  readonly section?: string;
}

/** The vendor documents the reference implementations follow, by vendor. */
export const VENDOR_DOCUMENTS = {
  sikka: {
    document: 'Sikka APIs (Postman documentation, collection 8.10.1)',
    url: 'https://documenter-api.postman.tech/view/3967924/RW1dExDy',
  },
  drchrono: { document: 'drchrono API documentation' },
  webcamconsult: { document: 'Webcamconsult API' },
  lupl: { document: 'Lupl Open API' },
  journy: { document: 'journy.io API docs', url: 'https://developers.journy.io' },
  hubspot: { document: "HubSpot Webhooks API; signature versions as implemented by HubSpot's Node SDK (@hubspot/api-client)" },
} as const satisfies Record<string, DocSource>;

/** A DocSource for one section of a vendor's document. */
export function docSection(vendor: keyof typeof VENDOR_DOCUMENTS, section: string): DocSource {
  return { ...VENDOR_DOCUMENTS[vendor], section };
}
