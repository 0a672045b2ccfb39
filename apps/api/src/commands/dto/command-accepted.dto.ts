import { ApiProperty } from '@nestjs/swagger';

export class AppendedEventDto {
  @ApiProperty() eventId: string;
  @ApiProperty() type: string;
  @ApiProperty() version: number;
}

/** The success body of every command (api.md "Commands"). */
export class CommandAcceptedDto {
  @ApiProperty({ example: 'customer-c42' }) streamId: string;
  @ApiProperty({ description: 'version of the stream after the command, counting from 0' }) version: number;
  @ApiProperty({ nullable: true, type: String, description: 'global position of the last appended event, a decimal string' }) position: string | null;
  @ApiProperty({ type: [AppendedEventDto] }) events: AppendedEventDto[];
  @ApiProperty() correlationId: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } }) ids: Record<string, string>;
}
