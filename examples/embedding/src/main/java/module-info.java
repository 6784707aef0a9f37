/** The program of docs/embedding.md: it reads only the engine's exported API package. */
module dev.limitto.example.embedding {
  requires dev.limitto.engine;
}
