// @parley/marketplace: the self-hostable plugin marketplace, and the signing and verification of
// plugin bundles. The server (core) uses only the verification side.
export {
  generateSigningKeyPair,
  isWellFormedSignature,
  parsePublicKey,
  readPublicKeyFile,
  signatureFileFor,
  signBundle,
  signBundleData,
  trustInstructions,
  verifyBundleSignature,
  type SignatureCheck,
  type SignatureFailure,
  type SigningKeyFiles,
} from './signing.ts';
export {
  AUTHOR_TYPES,
  indexFolder,
  toMarketplacePlugin,
  type AuthorType,
  type Catalogue,
  type CatalogueEntry,
  type IndexOptions,
  type MarketplaceLabel,
  type MarketplacePlugin,
  type ReleaseStage,
} from './catalogue.ts';
export { ALL_PER_PAGE, parsePluginQuery, queryCatalogue, QueryError, type PluginQuery } from './catalogue-query.ts';
export { createMarketplace, type Marketplace, type MarketplaceOptions } from './marketplace-server.ts';
export { describeCatalogue, parseListenAddress, serveMarketplace, type ListenAddress, type RunningMarketplace } from './serve.ts';
