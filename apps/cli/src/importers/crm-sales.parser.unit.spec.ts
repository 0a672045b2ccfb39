import { planCrmSalesImport } from './crm-sales.parser';

const files = (pipeline: string) => ({
  accounts: 'account,sector,year_established,revenue,employees,office_location,subsidiary_of\r\nAcme Corporation,technolgy,1996,1100.04,2822,United States,\r\n',
  products: 'product,series,sales_price\r\nGTX Pro,GTX,4821\r\n',
  salesTeams: 'sales_agent,manager,regional_office\r\nMoses Frase,Dustin Brinkmann,Central\r\n',
  pipeline: `opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\r\n${pipeline}`,
});

describe('planning the CRM sales import', () => {
  it('turns a won deal into an opportunity opened, won and purchased, in business-time order', () => {
    const plan = planCrmSalesImport(files('Z063OYW0,Moses Frase,GTXPro,Acme Corporation,Won,2016-10-25,2017-03-11,4514\r\n'));
    expect(plan.errors).toEqual([]);
    expect(plan.commands.map((c) => [c.command, c.at.slice(0, 10)])).toEqual([
      ['RegisterCustomer', '2016-10-25'],
      ['OpenOpportunity', '2016-10-25'],
      ['WinOpportunity', '2017-03-11'],
      ['RecordPurchase', '2017-03-11'],
    ]);
    expect(plan.commands[3].input).toEqual(
      expect.objectContaining({ customerId: 'Acme-Corporation', orderId: 'Z063OYW0', lines: [{ productId: 'GTX-Pro', quantity: 1, unitPrice: 4514 }] }),
    );
    expect(plan.commands[0].input).toEqual(expect.objectContaining({ industry: 'technolgy', region: 'United States', size: '1000-4999' }));
  });

  it('names each malformed row by file, row, column and reason', () => {
    const plan = planCrmSalesImport(
      files(
        [
          'A1,Moses Frase,GTX Pro,Acme Corporation,Won,2016-10-25,,10',
          'A2,Nobody,GTX Pro,Acme Corporation,Lost,2016-10-25,2016-10-20,0',
          'A3,Moses Frase,Unknown,Nowhere Inc,Closing,2016-13-01,,',
          'A1,Moses Frase,GTX Pro,,Prospecting,,,',
        ].join('\r\n'),
      ),
    );
    expect(plan.errors).toEqual([
      { file: 'sales_pipeline.csv', row: 2, column: 'close_date', reason: 'is required for a Won deal' },
      { file: 'sales_pipeline.csv', row: 3, column: 'sales_agent', reason: '"Nobody" is not in sales_teams.csv' },
      { file: 'sales_pipeline.csv', row: 3, column: 'close_date', reason: 'is before engage_date' },
      { file: 'sales_pipeline.csv', row: 4, column: 'deal_stage', reason: '"Closing" is not one of Prospecting, Engaging, Won, Lost' },
      { file: 'sales_pipeline.csv', row: 4, column: 'product', reason: '"Unknown" is not in products.csv' },
      { file: 'sales_pipeline.csv', row: 4, column: 'account', reason: '"Nowhere Inc" is not in accounts.csv' },
      { file: 'sales_pipeline.csv', row: 5, column: 'opportunity_id', reason: '"A1" appears twice' },
    ]);
  });

  it('keys each command by what it imports, so keys are unique and stay the same when rows move', () => {
    const won = 'W1,Moses Frase,GTX Pro,Acme Corporation,Won,2016-10-25,2017-03-11,4514';
    const engaging = 'E1,Moses Frase,GTX Pro,Acme Corporation,Engaging,2016-11-02,,';
    const keys = (rows: string[]) => planCrmSalesImport(files(`${rows.join('\r\n')}\r\n`)).commands.map((c) => [c.command, c.key]);
    expect(keys([won, engaging])).toEqual([
      ['RegisterCustomer', 'crm-sales/RegisterCustomer/Acme-Corporation'],
      ['OpenOpportunity', 'crm-sales/OpenOpportunity/W1'],
      ['OpenOpportunity', 'crm-sales/OpenOpportunity/E1'],
      ['AdvanceStage', 'crm-sales/AdvanceStage/E1'],
      ['WinOpportunity', 'crm-sales/WinOpportunity/W1'],
      ['RecordPurchase', 'crm-sales/RecordPurchase/W1'],
    ]);
    expect(keys([engaging, won])).toEqual(keys([won, engaging]));
  });

  it('reports open deals without an account as skipped, never silently', () => {
    const plan = planCrmSalesImport(files('B1,Moses Frase,GTX Pro,,Engaging,2017-01-01,,\r\n'));
    expect(plan.errors).toEqual([]);
    expect(plan.skipped).toEqual([{ reason: 'open deal without an account (an opportunity needs a customer)', rows: [2] }]);
  });
});
