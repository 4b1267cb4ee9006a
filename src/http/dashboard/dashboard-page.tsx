import type { FC } from 'hono/jsx';

/** The markup of one task card, which the script clones once per task and fills in with text. */
const TaskCardTemplate: FC = () => (
  <template id="task-card-template">
    <article class="task">
      <header class="task-header">
        <h3>
          <span data-field="title"></span>
          <span class="scope" data-field="scope" hidden>
            local: runs in every isolate
          </span>
        </h3>
        <span class="badges">
          <span class="badge badge-stale" data-field="stale" hidden>
            stale
          </span>
          <span class="badge badge-overridden" data-field="overridden" hidden>
            overridden
          </span>
          <span class="status" data-field="status"></span>
        </span>
      </header>
      <dl class="facts">
        <div>
          <dt>Cadence</dt>
          <dd>
            <span data-field="cadence-words"></span>
            <code data-field="cadence-raw"></code>
          </dd>
        </div>
        <div data-field="policies-row" hidden>
          <dt>Policies</dt>
          <dd>
            <ul class="policies" data-field="policies"></ul>
          </dd>
        </div>
        <div>
          <dt>Next run</dt>
          <dd data-field="next"></dd>
        </div>
        <div>
          <dt>Current run</dt>
          <dd data-field="current"></dd>
        </div>
        <div>
          <dt>Last run</dt>
          <dd>
            <span data-field="last"></span>
            <span class="run-error" data-field="last-error" hidden></span>
          </dd>
        </div>
      </dl>
      <h4>Recent runs, oldest first (taller bars took longer)</h4>
      <ol class="strip" data-field="strip"></ol>
      <p class="history-summary" data-field="history-summary"></p>
      <div class="actions" role="group" data-field="actions">
        <button type="button" data-action="trigger">Trigger</button>
        <button type="button" data-action="cancel">Cancel run</button>
        <button type="button" data-action="pause">Pause</button>
      </div>
      <p class="answer" data-field="answer" role="status"></p>
    </article>
  </template>
);

/**
 * The dashboard's HTML shell. It carries no task data: the script asks for the API token and
 * reads everything from the authenticated API. No inline script or style, so the CSP can forbid both.
 */
export const DashboardPage: FC = () => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>Scheduled tasks</title>
      {/* An empty icon, so the browser does not ask for /favicon.ico. */}
      <link rel="icon" href="data:," />
      <link rel="stylesheet" href="/dashboard.css" />
      <script src="/dashboard.js" defer></script>
    </head>
    <body>
      <a class="skip-link" href="#main">
        Skip to the tasks
      </a>
      <header class="page-header">
        <h1>Scheduled tasks</h1>
        <p id="health" class="health" role="status">
          Checking the scheduler…
        </p>
        <div id="toolbar" class="toolbar" hidden>
          <p id="updated" class="updated"></p>
          <button type="button" id="refresh-now">
            Refresh now
          </button>
          <button type="button" id="forget-token">
            Forget token
          </button>
        </div>
      </header>
      <main id="main" tabindex={-1}>
        <section id="sign-in" class="sign-in" aria-labelledby="sign-in-title" hidden>
          <h2 id="sign-in-title">Sign in</h2>
          <p>
            The dashboard reads the scheduler's API with one of its tokens. The token stays in this tab (sessionStorage) and is
            sent only to this Worker.
          </p>
          <form id="token-form" autocomplete="off">
            <label for="token">API token</label>
            <input id="token" name="token" type="password" required autocomplete="off" spellcheck={false} />
            <button type="submit">Show tasks</button>
          </form>
          <p id="sign-in-message" class="message" role="alert"></p>
        </section>
        <p id="refresh-error" class="message error-banner" role="alert" hidden></p>
        <div id="plugins"></div>
        <p id="empty" hidden>
          No plugin has tasks yet.
        </p>
        <noscript>The dashboard needs JavaScript; the API works without it.</noscript>
      </main>
      <dialog id="confirm-dialog" aria-labelledby="confirm-title" aria-describedby="confirm-text">
        <form method="dialog">
          <h2 id="confirm-title">Confirm</h2>
          <p id="confirm-text"></p>
          <div class="dialog-buttons">
            <button type="submit" value="back">
              Go back
            </button>
            <button type="submit" value="confirm" id="confirm-button">
              Confirm
            </button>
          </div>
        </form>
      </dialog>
      <TaskCardTemplate />
    </body>
  </html>
);
