-- A credential the physician declined asks to wait again with a token issued
-- after the decline; a join that follows no such request came with a token
-- from before it, and LiveKit's webhook has it removed.
ALTER TYPE "ParticipantEventType" ADD VALUE 'REQUESTED';
