// bpmn-js `translate` service backed by the app's language switch.
import { translateBpmn } from '../i18n';

export const translateModule = { translate: ['value', translateBpmn] };
