package org.stepindex.cli.demo;

/** Hears a study's progress: each stage as it starts, and the fraction done inside it. */
public interface StudyListener {
  /** Stage {@code index} (1-based) of {@code count} starts. */
  void stage(int index, int count, String what);

  /** Inside the current stage: {@code fraction} done, with a short status text. */
  void progress(double fraction, String text);

  /** A listener that ignores everything. */
  StudyListener NONE =
      new StudyListener() {
        @Override
        public void stage(int index, int count, String what) {}

        @Override
        public void progress(double fraction, String text) {}
      };
}
