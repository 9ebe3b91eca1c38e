import type { DocSource } from '../common/doc-source.ts';

/** The vendor document every rule of this folder cites, section by section. */
export const SIKKA_DOCUMENT: DocSource = {
  document: 'Sikka APIs (Postman documentation, collection 8.10.1)',
  url: 'https://documenter-api.postman.tech/view/3967924/RW1dExDy',
};
