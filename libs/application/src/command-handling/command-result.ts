import { EventData, EventMetadataInput, Position } from '@crm/event-store';

export interface AppendedEvent {
  eventId: string;
  type: string;
  version: number;
  data: EventData;
  metadata: EventMetadataInput;
}

export interface CommandResult {
  streamId: string;
  /** Version of the stream's last event after the command (-1: the stream is still empty). */
  version: number;
  /** Global position of the last appended event (or of the stream's last event when nothing was appended). */
  position: Position | null;
  events: AppendedEvent[];
  ids: Record<string, string>;
}
