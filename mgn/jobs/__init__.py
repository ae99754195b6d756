"""Generated files made by a Celery task: status values, the abstract model, the runner
that makes a job's file once, and the task base that records a final failure."""
