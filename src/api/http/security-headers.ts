import helmet from 'helmet';

/**
 * helmet's headers, tuned for a public JSON API plus the /docs page and the dashboard at /: a
 * strict CSP that still lets the bundled Swagger UI and dashboard run from this origin (and the
 * dashboard load map tiles from `imageSources`, HUB_MAP_TILES), and cross-origin reads allowed
 * (CORP), since apps on other origins are the API's users.
 */
export function securityHeaders(imageSources: readonly string[] = []): ReturnType<typeof helmet> {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', ...imageSources],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
}
