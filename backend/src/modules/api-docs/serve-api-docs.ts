import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { buildOpenApiDocument } from './openapi-document.js';

/** Swagger UI; the document beside it as JSON and YAML. */
export const API_DOCS_PATHS = {
  ui: '/api/docs',
  json: '/api/docs/openapi.json',
  yaml: '/api/docs/openapi.yaml',
} as const;

/**
 * Swagger UI at /api/docs, from swagger-ui-dist in node_modules (nothing is fetched from
 * elsewhere, so it works offline and under the console's Content-Security-Policy: its scripts are
 * files of this origin, its styles inline). No token is needed to read it: the routes are public
 * knowledge, calling them is not. The document is built on the first request, once the app has
 * every route, and kept.
 */
export function serveApiDocs(app: NestExpressApplication): void {
  SwaggerModule.setup(API_DOCS_PATHS.ui.slice(1), app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: API_DOCS_PATHS.json.slice(1),
    yamlDocumentUrl: API_DOCS_PATHS.yaml.slice(1),
    customSiteTitle: 'CityOps API',
    // validatorUrl: Swagger UI would otherwise load a badge image from validator.swagger.io.
    swaggerOptions: { validatorUrl: null, persistAuthorization: false, tagsSorter: 'alpha' },
  });
}
