import { API_CLIENT_SCRIPT } from './script/api-client-script.ts';
import { FORMAT_SCRIPT } from './script/format-script.ts';
import { MAIN_SCRIPT } from './script/main-script.ts';
import { TASK_CARD_SCRIPT } from './script/task-card-script.ts';

/**
 * The script `/dashboard.js` serves: its parts joined into one strict-mode function, so nothing
 * leaks into the page's globals. There is no build step; the parts are plain JavaScript text.
 */
export const DASHBOARD_SCRIPT = ['(function () {', "'use strict';", FORMAT_SCRIPT, API_CLIENT_SCRIPT, TASK_CARD_SCRIPT, MAIN_SCRIPT, '})();', ''].join('\n');
