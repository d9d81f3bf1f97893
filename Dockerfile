FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
# WeasyPrint needs Pango; Korean PDFs need a CJK font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-nanum fonts-noto-color-emoji gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN pip install -r requirements.txt -c constraints.txt
COPY . .
RUN DEBUG=0 SECRET_KEY=collectstatic-only ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && python manage.py compilemessages -l ko --ignore=.venv

RUN useradd --create-home portal && mkdir -p /srv/innocore/media && chown -R portal /srv/innocore /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "innocore.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60"]
