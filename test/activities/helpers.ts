// A seeded database with one deployed process, shared by the activity specs.
import { compileBpmn } from '../../bpmn';
import { deployProcess } from '../../activities/deployments';
import { seedDemoData } from '../../prisma/seed';
import { createTestDatabase, type TestDatabase } from '../../prisma/test-db';

/** A minimal process: start → one user task → end; `taskName` varies the graph (and so its hash). */
export function simpleProcessXml(taskName = '部门审查', processId = 'review'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:gov="http://gridflow.dev/schema/gov/1.0" id="Defs" targetNamespace="http://gridflow.dev/processes">
  <bpmn:process id="${processId}" name="审查" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:userTask id="task" name="${taskName}" gov:candidateGroups="=[&quot;unit:dept-tax:reviewer&quot;]">
      <bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="task"/>
    <bpmn:sequenceFlow id="f2" sourceRef="task" targetRef="end"/>
  </bpmn:process>
</bpmn:definitions>`;
}

export interface SeededDb extends TestDatabase {
  versionId: string;
}

export async function seededDatabase(): Promise<SeededDb> {
  const db = createTestDatabase();
  await seedDemoData(db.prisma);
  const deployed = await deployProcess(db.prisma, simpleProcessXml(), { createdBy: 'admin', compile: compileBpmn });
  if (!deployed.ok) throw new Error(JSON.stringify(deployed.problems));
  return { ...db, versionId: deployed.deployment.id };
}
