import { CommandService, captureLead } from '@crm/application';
import { TestServer } from './support/test-server';

describe('the command path from HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await TestServer.start({ CRM_RATE_LIMIT_PER_SECOND: '0' });
  });
  afterAll(() => server.stop());

  it('runs a command on the application command service with its own spec and the validated body', async () => {
    const service = jest.spyOn(server.app.get(CommandService), 'execute');
    const reply = await server.command('CaptureLead', { source: 'web', contact: { name: 'Ada' } });
    expect(reply.status).toBe(200);
    expect(service).toHaveBeenCalledWith(
      captureLead,
      { leadId: reply.body.ids.leadId, source: 'web', contact: { name: 'Ada' } },
      expect.objectContaining({ actor: 'test-service', correlationId: reply.body.correlationId }),
    );
  });
});
