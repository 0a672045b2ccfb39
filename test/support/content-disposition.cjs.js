// For Jest only: @fastify/static requires content-disposition 3, an ES module that Node 20 loads
// natively but Jest's module loader (before Node 24.9) cannot. Its one function the plugin uses,
// `create` (for reply.download, which the server never calls), is version 1's main export.
const contentDisposition = require('../../node_modules/content-disposition/index.js');
module.exports = { create: contentDisposition, parse: contentDisposition.parse };
