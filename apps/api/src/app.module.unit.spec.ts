import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import { ANSWER_CONTROLLERS, AppModule } from './app.module';
import { RevealPersonalDataInterceptor } from './personal-data/reveal-personal-data.interceptor';

describe('which answers are revealed', () => {
  const controllers = AppModule.register({}).controllers ?? [];
  const interceptorsOf = (controller: object) => (Reflect.getMetadata(INTERCEPTORS_METADATA, controller) as unknown[] | undefined) ?? [];
  const commandPath = (controller: object) => Reflect.getMetadata('path', controller) === 'commands';

  it.each(controllers.map((controller) => [controller.name, controller] as const))('%s: personal fields opened in its answers unless it takes commands, and once', (_name, controller) => {
    expect(interceptorsOf(controller)).toEqual(commandPath(controller) ? [] : [RevealPersonalDataInterceptor]);
  });

  it('given the module registered again (as every test server does), then no answer is revealed twice', () => {
    AppModule.register({});
    for (const controller of ANSWER_CONTROLLERS) expect(interceptorsOf(controller)).toHaveLength(1);
    expect(controllers.filter((controller) => !commandPath(controller))).toEqual(ANSWER_CONTROLLERS);
  });
});
