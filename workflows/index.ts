// The workflows bundle: the Temporal worker loads this file (workflowsPath).
export { bpmnProcess } from './bpmnProcess';
