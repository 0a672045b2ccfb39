// For Jest only: @fastify/static requires content-disposition 3, an ES module that Node 20 loads
// natively but Jest's module loader (before Node 24.9) cannot. The plugin needs it only for
// reply.download, which the server never calls: here it says so if that ever changes.
const unavailable = () => {
  throw new Error('content-disposition is not loaded under Jest (test/support/content-disposition.cjs.js)');
};
module.exports = { create: unavailable, parse: unavailable };
