import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { DashboardPage } from './dashboard-page.tsx';
import { DASHBOARD_SCRIPT } from './dashboard-script.generated.ts';
import { DASHBOARD_CSS } from './dashboard-styles.ts';

/** The paths the dashboard serves; none carries task data, so none needs a token. */
export const DASHBOARD_PATHS = { page: '/', script: '/dashboard.js', styles: '/dashboard.css' } as const;

/**
 * The page allows only its own script, styles and API: no inline code, no framing, no form
 * posts (a token typed into a form that failed to load its script is never sent in a URL), and
 * Trusted Types, so no string ever becomes HTML.
 */
const protect = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    connectSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
    requireTrustedTypesFor: ["'script'"],
    trustedTypes: ["'none'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
});

// Served fresh after each deployment, since page and script change together.
const NO_CACHE = { 'Cache-Control': 'no-cache' };

/** The dashboard: an HTML shell rendered with Hono's JSX, its script and its styles, all public. */
export function createDashboardRoutes<Env extends object>() {
  const routes = new Hono<{ Bindings: Env }>();
  const page = `<!DOCTYPE html>${(<DashboardPage />).toString()}`;

  routes.get(DASHBOARD_PATHS.page, protect, (c) => c.html(page, 200, NO_CACHE));
  routes.get(DASHBOARD_PATHS.script, protect, (c) =>
    c.body(DASHBOARD_SCRIPT, 200, { ...NO_CACHE, 'Content-Type': 'text/javascript; charset=utf-8' }),
  );
  routes.get(DASHBOARD_PATHS.styles, protect, (c) => c.body(DASHBOARD_CSS, 200, { ...NO_CACHE, 'Content-Type': 'text/css; charset=utf-8' }));

  return routes;
}
